"""Facts a message states about the person and the problem: age, sex, relation, pregnancy,
how long it has lasted, a temperature. Read once per message, in the units rules use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from navigator.core.models import DAYS_PER_MONTH, DAYS_PER_YEAR, Sex
from navigator.core.triage.numbers import UNITS
from navigator.core.triage.text import CLAUSE_BREAK, Message

_NUMBER_WORDS = {"a": 1, "an": 1, **UNITS, "ten": 10, "couple": 2, "few": 3, "several": 4}
_UNIT_DAYS = {
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1,
    "night": 1,
    "week": 7,
    "fortnight": 14,
    "month": DAYS_PER_MONTH,
    "year": DAYS_PER_YEAR,
}
_QTY = r"(\d{1,3}(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|couple(?: of)?|few|several)"
_UNIT = r"(minute|hour|day|night|week|fortnight|month|year)s?"
_AGE_OLD = re.compile(rf"\b{_QTY} {_UNIT} old\b")
_AGE_AGED = re.compile(r"\b(?:aged?|age of) (\d{1,3})\b")
_AGE_IM = re.compile(
    r"\b(?:im|hes|shes|is|shes only|hes only|im only) (\d{1,3})(?! (?:minute|hour|day|week|month|"
    r"time|x|mg|ml|percent|c|degrees|weeks? pregnant|kg|stone|st|lbs?|times|pills|tablets))\b"
)
_AGE_YEAR_OLD_NOUN = re.compile(r"\b(\d{1,3}) (?:year old|yr old)\b")
# "baby is 7 weeks", "my son is 5 months": an age without "old", only for young children.
_AGE_IS_YOUNG = re.compile(
    r"\b(?:baby|babys|son|daughter|boy|girl|he|she|hes|shes|is|whos|aged?) (?:is )?(?:only )?"
    r"(\d{1,2}) (day|week|month)s?\b(?! pregnant| ago)"
)
_PREGNANT = re.compile(
    r"\bpregnant\b|\bpregnancy\b|\bexpecting (a baby|twins|triplets)\b|\bweeks? pregnant\b"
    r"|\bweeks gone\b"
    r"|\b(?:im|i am|shes|she is|(?:wife|partner|girlfriend|daughter|sister|missus) is) \d{1,2} "
    r"(?:weeks?|wks?)\b(?! old| ago| now since| since)"
    r"|^\d{1,2} (?:weeks?|wks?)\b(?! old| ago)"
)
_DURATION = re.compile(
    rf"\b(?:for|since|past|last|over|about|been|nearly|almost)? ?{_QTY} {_UNIT}\b(?! old| pregnant)"
)
_DURATION_WORDS = {
    "past month": 30,
    "last month": 30,
    "for a month": 30,
    "past few weeks": 21,
    "few weeks": 21,
    "for months": 60,
    "for weeks": 14,
    "for ages": 30,
    "for days": 3,
    "since yesterday": 1,
    "all week": 5,
    "for years": 365,
    "months now": 60,
    "weeks now": 14,
}
_TEMPERATURE = re.compile(r"\b(\d{2,3}(?:\.\d+)?) ?(c|f|degrees?|deg|celsius|fahrenheit)?\b")
_TEMPERATURE_WORDS = frozenset({"temperature", "fever", "feverish", "degrees", "thermometer"})
# A blood sugar reading in mmol/L: a number among the few words after a sugar word ("my sugars
# have been 16 to 20", "bm 22", "sugars 9 at breakfast and 24 now"), unless a unit or a word
# beside it says it is something else (insulin units, a dose, weeks, money, a date, a time).
_SUGAR_WORDS = frozenset((
    "sugar", "sugars", "bm", "bms", "glucose", "libre", "dexcom", "bg", "cbg", "hypo", "hypos",
))  # fmt: skip
_SUGAR_WINDOW = 10  # tokens read after a sugar word
_NOT_MMOL_AFTER = frozenset((
    "units", "unit", "u", "iu", "mg", "ml", "mcg", "g", "kg", "st", "lb", "lbs", "stone",
    "weeks", "week", "wks", "wk", "years", "year", "yrs", "yr", "months", "month", "days",
    "day", "hours", "hour", "hrs", "hr", "mins", "min", "minutes", "am", "pm", "oclock",
    "pages", "quid", "pounds", "p", "percent", "rd", "th", "nd", "times", "x",
    # things counted while treating a hypo: "had 3 jelly babies, still 2.4"
    "lots", "tablets", "tabs", "sweets", "jelly", "jellybabies", "biscuits", "dextrose",
    "lucozade", "cans", "glasses", "cups", "spoons", "spoonfuls", "teaspoons", "sachets", "gels",
    "packets", "goes", "rounds", "puffs", "pills", "haribo", "juices", "glucose", "night", "nights",
))  # fmt: skip
_NOT_MMOL_BEFORE = frozenset((
    "temperature", "temp", "temps", "insulin", "novorapid", "lantus", "humalog", "levemir",
    "metformin", "gliclazide", "cost", "costs", "paid", "pay", "price", "aged", "age", "type",
    "hba",
))  # fmt: skip
# A whole 3 after these is a time or a count ("a hypo every night around 3"), not a low reading;
# a decimal ("sugar at 3.2") or a high number ("sugars sat at 23") still is.
_NOT_WHOLE_MMOL_BEFORE = frozenset(("around", "about", "at", "for", "every", "by", "till", "until"))
_NUMBER = re.compile(r"\d{1,2}(?:\.\d+)?")
_MMOL_RANGE = (1.0, 40.0)  # readings people text; other numbers (ages, years) fall outside
# A blood ketone reading ("ketones are 3.4"), read the same way.
_KETONE_WORDS = frozenset({"ketone", "ketones"})
_KETONE_WINDOW = 5
_KETONE_RANGE = (0.0, 10.0)
_READING_WORDS = _SUGAR_WORDS | _KETONE_WORDS

# Words that imply an age range. Vaguer child words ("my little one", "my kid") say only
# that the person is a child: no range, so an age rule does not fire on a guess.
_AGE_WORDS = {
    "newborn": (0, 28),
    "baby": (0, DAYS_PER_YEAR),
    "babies": (0, DAYS_PER_YEAR),
    "infant": (0, DAYS_PER_YEAR),
    "toddler": (DAYS_PER_YEAR, 4 * DAYS_PER_YEAR),
}
_CHILD_WORDS = frozenset(
    {
        "newborn",
        "baby",
        "babies",
        "infant",
        "toddler",
        "child",
        "children",
        "little",
        "kid",
        "kids",
        "boy",
        "girl",
        "teenager",
    }
)  # not "son" or "daughter": adult children exist, "my son" alone says nothing about age
_RELATION_SEX = {
    "son": Sex.MALE,
    "boy": Sex.MALE,
    "husband": Sex.MALE,
    "dad": Sex.MALE,
    "father": Sex.MALE,
    "brother": Sex.MALE,
    "grandad": Sex.MALE,
    "grandson": Sex.MALE,
    "uncle": Sex.MALE,
    "nephew": Sex.MALE,
    "boyfriend": Sex.MALE,
    "partner": Sex.UNKNOWN,
    "friend": Sex.UNKNOWN,
    "daughter": Sex.FEMALE,
    "girl": Sex.FEMALE,
    "wife": Sex.FEMALE,
    "mum": Sex.FEMALE,
    "mother": Sex.FEMALE,
    "sister": Sex.FEMALE,
    "nan": Sex.FEMALE,
    "granddaughter": Sex.FEMALE,
    "aunt": Sex.FEMALE,
    "auntie": Sex.FEMALE,
    "niece": Sex.FEMALE,
    "girlfriend": Sex.FEMALE,
    "baby": Sex.UNKNOWN,
    "child": Sex.UNKNOWN,
    "toddler": Sex.UNKNOWN,
    "neighbour": Sex.UNKNOWN,
    "mate": Sex.UNKNOWN,
    "flatmate": Sex.UNKNOWN,
    "kid": Sex.UNKNOWN,
    "children": Sex.UNKNOWN,
}
_OLDER_RELATIONS = {"nan": 65, "grandad": 65}  # an age floor the words imply, in years
_SELF_SEX = re.compile(r"\bim (?:a )?(woman|female|girl|lady|man|male|guy|bloke|lad)\b")
_FEMALE_SELF = frozenset({"woman", "female", "girl", "lady"})


@dataclass(frozen=True)
class Facts:
    """What the text says about the person and the problem, in units the rules use."""

    age_min_days: float | None = None
    age_max_days: float | None = None
    sex: Sex = Sex.UNKNOWN
    relation: str | None = None
    pregnant: bool = False
    child: bool = False
    duration_days: float | None = None
    temperature_c: float | None = None
    blood_sugar_mmol: float | None = None  # the highest reading given
    blood_sugar_low_mmol: float | None = None  # the lowest
    blood_sugar_last_mmol: float | None = None  # the last given: "was 2.8, now 5.2" has come up
    ketones_mmol: float | None = None  # the highest blood ketone reading given

    @property
    def age_known(self) -> bool:
        return self.age_min_days is not None


def _quantity(word: str) -> float:
    word = word.replace(" of", "")
    return _NUMBER_WORDS[word] if word in _NUMBER_WORDS else float(word)


def read_facts(message: Message, given_age_years: float | None = None) -> Facts:
    text = message.text
    age = _read_age(text)
    relation, sex = _read_relation(message.tokens)
    child_range = next((_AGE_WORDS[t] for t in message.tokens if t in _AGE_WORDS), None)
    child_word = any(t in _CHILD_WORDS for t in message.tokens)
    if age is None and given_age_years is not None:
        years = max(0.0, float(given_age_years))
        age = (years * DAYS_PER_YEAR, (years + 1) * DAYS_PER_YEAR)
    if age is None and child_range is not None:
        age = child_range
    if age is None and relation in _OLDER_RELATIONS:
        age = (_OLDER_RELATIONS[relation] * DAYS_PER_YEAR, 110 * DAYS_PER_YEAR)
    self_sex = _SELF_SEX.search(text)
    if self_sex and relation is None:
        sex = Sex.FEMALE if self_sex.group(1) in _FEMALE_SELF else Sex.MALE
    pregnant = any(
        not _DENIED_PREGNANT.search(text[: m.start()])
        and not _NEGATIVE_TEST.match(text, m.end())
        for m in _PREGNANT.finditer(text)
    )
    if pregnant and sex is Sex.UNKNOWN:
        sex = Sex.FEMALE
    is_child = child_word or (age is not None and age[0] < 16 * DAYS_PER_YEAR)
    sugars = _read_readings(message.tokens, _SUGAR_WORDS, _SUGAR_WINDOW, _MMOL_RANGE)
    ketones = _read_readings(message.tokens, _KETONE_WORDS, _KETONE_WINDOW, _KETONE_RANGE)
    return Facts(
        age_min_days=None if age is None else age[0],
        age_max_days=None if age is None else age[1],
        sex=sex,
        relation=relation,
        pregnant=pregnant,
        child=is_child,
        duration_days=_read_duration(text),
        temperature_c=_read_temperature(message),
        blood_sugar_mmol=max(sugars, default=None),
        blood_sugar_low_mmol=min(sugars, default=None),
        blood_sugar_last_mmol=sugars[-1] if sugars else None,
        ketones_mmol=max(ketones, default=None),
    )


def _read_age(text: str) -> tuple[float, float] | None:
    for pattern in (_AGE_OLD, _AGE_IS_YOUNG):
        match = pattern.search(text)
        if match:
            days = _quantity(match.group(1)) * _UNIT_DAYS[match.group(2)]
            step = _UNIT_DAYS[match.group(2)]
            return days, days + step
    for pattern in (_AGE_AGED, _AGE_YEAR_OLD_NOUN, _AGE_IM):
        match = pattern.search(text)
        if match and 0 <= int(match.group(1)) <= 115:
            years = int(match.group(1))
            return years * DAYS_PER_YEAR, (years + 1) * DAYS_PER_YEAR
    return None


def _read_relation(tokens: list[str]) -> tuple[str | None, Sex]:
    for i, tok in enumerate(tokens):
        if (
            tok in _RELATION_SEX
            and i
            and tokens[i - 1] in {"my", "our", "ma", "me", "the", "his", "her"}
        ):
            return tok, _RELATION_SEX[tok]
        if tok in _RELATION_SEX and i > 1 and tokens[i - 2] in {"my", "our"}:
            return tok, _RELATION_SEX[tok]  # "my little girl", "my 5 year old son"
    for tok in tokens:
        if tok in {"he", "hes", "him", "his"}:
            return None, Sex.MALE
        if tok in {"she", "shes", "her"}:
            return None, Sex.FEMALE
    return None, Sex.UNKNOWN


def _read_duration(text: str) -> float | None:
    best = None
    for match in _DURATION.finditer(text):
        days = _quantity(match.group(1)) * _UNIT_DAYS[match.group(2)]
        best = days if best is None else max(best, days)
    for phrase, days in _DURATION_WORDS.items():
        if phrase in text:
            best = days if best is None else max(best, days)
    return best


# "I'm not pregnant" is said to rule it out; "could I be pregnant?" still counts.
_DENIED_PREGNANT = re.compile(r"\b(?:not|isnt|arent|never been|no longer|negative) $")
# "did a pregnancy test that was negative": a test that rules a pregnancy out
_NEGATIVE_TEST = re.compile(r" tests? (?:(?:that|which|it) )?(?:was |were |is |came back |come back )?negative\b")
# "I'm 41 and ... no fever": a number said as the writer's age is never a temperature
# (unless a unit says it is: "im 41c").
_AGE_NOT_TEMPERATURE = re.compile(
    r"\b(?:im|i am|im only|aged?|age of) (\d{1,3})\b(?!\.\d)|\b(\d{1,3}) (?:years? old|yrs? old|yo)\b"
)


def _read_temperature(message: Message) -> float | None:
    mentions_temperature = any(t in _TEMPERATURE_WORDS for t in message.tokens)
    ages = {
        m.span(g) for m in _AGE_NOT_TEMPERATURE.finditer(message.text) for g in (1, 2) if m.group(g)
    }
    best = None
    for match in _TEMPERATURE.finditer(message.text):
        value, unit = float(match.group(1)), match.group(2) or ""
        if not (mentions_temperature or unit) or (match.span(1) in ages and not unit):
            continue
        if unit.startswith("f") or 95 <= value <= 110:
            value = (value - 32) * 5 / 9
        if 34 <= value <= 44:
            best = value if best is None else max(best, value)
    return best


def _word_after(tokens: list[str], j: int) -> str:
    """The word after a number, or after the range it starts ("24 to 28 weeks")."""
    if (
        j + 2 < len(tokens)
        and tokens[j + 1] in ("to", "and", "or")
        and _NUMBER.fullmatch(tokens[j + 2])
    ):
        j += 2
    return tokens[j + 1] if j + 1 < len(tokens) else ""


def _read_readings(
    tokens: list[str], words: frozenset[str], window: int, bounds: tuple[float, float]
) -> list[float]:
    """Every number among the `window` tokens after one of `words`, in the same sentence and
    within `bounds`, that no unit or neighbouring word says is something else (a time such as
    15:30 reads as "15 . 30"). A whole number under 3 is not taken for a reading: "type 2"."""
    readings = []
    for i, token in enumerate(tokens):
        if token not in words:
            continue
        for j in range(i + 1, min(len(tokens), i + 1 + window)):
            if tokens[j] == CLAUSE_BREAK or tokens[j] in _READING_WORDS - words:
                break  # the sentence, or another reading ("sugar 19 and ketones 3.4"), starts
            if not _NUMBER.fullmatch(tokens[j]) or _beside_a_word_that_says_otherwise(tokens, j):
                continue
            value = float(tokens[j])
            if bounds[0] <= value <= bounds[1] and (value >= 3 or "." in tokens[j]):
                readings.append(value)
    return readings


def _beside_a_word_that_says_otherwise(tokens: list[str], j: int) -> bool:
    after = _word_after(tokens, j)
    return (
        after in _NOT_MMOL_AFTER
        or tokens[j - 1] in _NOT_MMOL_BEFORE
        or (
            "." not in tokens[j]
            and float(tokens[j]) < 4
            and tokens[j - 1] in _NOT_WHOLE_MMOL_BEFORE
        )
        or (
            after == CLAUSE_BREAK and j + 2 < len(tokens) and bool(_NUMBER.fullmatch(tokens[j + 2]))
        )
    )
