"""Words read in the scope of a frame, as features for the learned second opinion.

Each word of a clause that is denied, dated long ago, told as a story or asked about gets a
second, marked form ("neg|breathing", "past|fit", "story|collapsed", "q|stroke"), so a linear
model can weigh a sign differently in those frames instead of only seeing its words. The
rules never read these: they only help the model tell a look-alike from the real thing.
"""

from __future__ import annotations

import re

from navigator.core.triage.text import NEGATION_CUES

_WORD = re.compile(r"\w+", re.UNICODE)
_CLAUSES = re.compile(r"[^.!?;,\n]+[.!?;,\n]*")
# The message reader's negation cues, less the ones that read a person or an offer, not a
# denied sign ("nobody", "free"); the model's features were trained with exactly this set.
_NEGATION = NEGATION_CUES - {"nobody", "noone", "denies", "free"}
_NEGATION_REACH = 3  # words after a negation that it covers
_STORY = frozenset(
    [
        "film",
        "movie",
        "show",
        "programme",
        "program",
        "series",
        "soap",
        "episode",
        "book",
        "novel",
        "game",
        "documentary",
        "news",
        "telly",
        "tv",
        "netflix",
        "youtube",
        "tiktok",
        "drama",
        "podcast",
    ]
)
_PAST = re.compile(
    r"\bago\b|\bused to\b|\blast (?:year|month|summer|christmas)\b|\b(?:19|20)\d\d\b"
    r"|\bwhen (?:i|he|she|we|they) (?:was|were)\b|\bas a (?:kid|child|teenager|baby)\b"
)


def scope_words(text: str) -> list[str]:
    """The clause-scoped marked words of a normalised text."""
    marked: list[str] = []
    for match in _CLAUSES.finditer(text.replace("'", "").replace("\u2019", "")):
        clause = match.group(0)
        words = _WORD.findall(clause)
        if not words:
            continue
        frames = [
            name
            for name, found in (
                ("past", _PAST.search(clause)),
                ("story", _STORY.intersection(words)),
                ("q", "?" in clause),
            )
            if found
        ]
        for frame in frames:
            marked.extend(f"{frame}|{w}" for w in words)
        reach = 0
        for word in words:
            if word in _NEGATION:
                reach = _NEGATION_REACH
            elif reach:
                marked.append(f"neg|{word}")
                reach -= 1
    return marked
