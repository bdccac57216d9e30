"""Numbers said in words, read as the digits the rules compare ("thirty four weeks" is
34 weeks)."""

from __future__ import annotations

# "lost two stone" and "lost 2 stone" are one phrase ("one" is left out: "the blue one").
NUMBER_WORDS = dict(
    zip(
        [
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ],
        map(str, range(2, 21)),
        strict=True,
    )
)


_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
# A number word said alone is a number only before something counted ("thirty weeks",
# "six week old"); "the two of us" or "thirty odd" stay words.
_COUNTED = frozenset((
    "week", "weeks", "wk", "wks", "day", "days", "month", "months", "year", "years", "yr", "yrs",
    "hour", "hours", "hr", "hrs", "min", "mins", "minute", "minutes", "second", "seconds", "sec",
    "secs", "percent", "tablets", "pills", "times",
))  # fmt: skip


def join_number_words(tokens: list[str]) -> list[str]:
    """ "thirty four weeks" and "34 weeks" are one phrase to the rules, which read digits (a
    waters-broke-early or a young-baby rule compares the number)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tens = _TENS.get(tokens[i])
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if tens and after in UNITS:
            out.append(str(tens + UNITS[after]))
            i += 2
            continue
        small = NUMBER_WORDS.get(tokens[i])
        counted = after in _COUNTED and (tens or small)
        out.append(str(tens or small) if counted else tokens[i])
        i += 1
    return out
