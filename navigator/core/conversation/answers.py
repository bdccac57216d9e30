"""Reading a reply to the navigator's own question as an answer to it.

After "How old is the person?" or "What is your postcode or area?", the next message is
first the answer: the place (a postcode or a place name, never a temperature, an age or a
duration), the age (a number with its unit), then whatever else was said. What else was
said re-routes only when it is a new symptom or a red flag: "no temperature, not pregnant"
fills slots and changes nothing; "do i need a referral?" is a question about the same need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from navigator.core.models import DAYS_PER_YEAR
from navigator.core.places.matches import PlaceMatch
from navigator.core.places.postcodes import FULL_POSTCODE_RE, SECTOR_RE
from navigator.core.triage.safety import any_fired

_POSTCODE_LIKE = (FULL_POSTCODE_RE, SECTOR_RE)
_DISTRICT_LIKE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,2}[0-9]{1,2}[A-Za-z]?(?![A-Za-z0-9])")
_PLACE_CUES = re.compile(
    r"\b(?:i live in|we live in|i am in|im in|i'm in|we are in|we're in|my postcode is|"
    r"postcode is|postcode|the area is|near|live in|in|at|it's|its)\s*$",
    re.I,
)
# "8 weeks", "6 months", "3yo", "58": a number with its unit, or a bare number of years.
_AGE = re.compile(
    r"(?<![A-Za-z0-9.])(\d{1,3}(?:\.\d+)?)\s*(days?|d|weeks?|wks?|w|months?|mths?|mo|m|"
    r"years?|yrs?|y|yo|year olds?)?(?![A-Za-z0-9])",
    re.I,
)
_UNIT_YEARS = {"d": 1 / DAYS_PER_YEAR, "w": 7 / DAYS_PER_YEAR, "m": 1 / 12, "y": 1.0}
_AGE_FILLER = re.compile(
    r"\b(?:he|she|they|i|we|it|baby|the baby|my \w+)?\s*(?:is|are|am|'s|s|'m|m)?\s*"
    r"(?:aged|age)?\s*$|^\s*(?:old|olds|of age|old now)\b",
    re.I,
)
_CLAUSE_SPLIT = re.compile(r"[,;.!?\n]+|\s+(?:and|but|also|plus)\s+", re.I)
_NEGATION_START = re.compile(
    r"^\s*(?:(?:he|she|they|i|we|it|baby|my \w+)\s+)?(?:is|are|am|has|have|does|do|did|was|"
    r"'s|s|'m)?\s*(?:no|not|never|none|nothing|without|isnt|isn't|hasnt|hasn't|doesnt|"
    r"doesn't|dont|don't|didnt|didn't|havent|haven't|aint|ain't|arent|aren't|wasnt|wasn't|"
    r"nope|neither|nor)\b",
    re.I,
)
_QUESTION = re.compile(
    r"\?\s*$|^\s*(?:do|does|did|can|could|how|what|where|when|is|are|should|will|would|"
    r"which|who|why|whats|what's|may|shall)\b",
    re.I,
)
# Topics a question about the need lands on that are no new symptom: the admin of care.
NOT_A_SYMPTOM = frozenset(
    {"gp-admin", "find-a-gp", "find-a-pharmacy", "find-a-dentist", "fit-note", "medicine-questions"}
)


@dataclass(frozen=True)
class Answer:
    place: PlaceMatch
    age_years: float | None
    rest: str  # what else was said: the place and the age taken out
    positive: str  # the rest without negated clauses ("no temperature", "not pregnant")


def without_place(text: str, place: PlaceMatch) -> str:
    """The message with the place (and a cue like "I live in") taken out."""
    if not place.found:
        return text
    out = text
    matched = (place.matched or "").strip()
    if matched:
        words = [re.escape(w) for w in re.split(r"\W+", matched) if w]
        if words:
            phrase = r"(?<![A-Za-z0-9])" + r"\W*".join(words) + r"(?![A-Za-z0-9])"
            out = re.sub(phrase, " ", out, count=1, flags=re.I)
    for pattern in _POSTCODE_LIKE:  # "M14 5" is a sector, not a duration of 5
        out = pattern.sub(" ", out)
    if place.postcode:
        out = _DISTRICT_LIKE.sub(" ", out)
    return _tidy(out)


def _tidy(text: str) -> str:
    clauses = []
    for clause in re.split(r"[,;\n]+", text):
        clause = " ".join(clause.split())
        while (m := _PLACE_CUES.search(clause)) and m.group(0).strip():
            clause = clause[: m.start()].rstrip(" ,;")
        if clause.strip(" .!?"):
            clauses.append(clause.strip())
    return ", ".join(clauses).strip(" ,;.")


def read_age(text: str) -> float | None:
    """An answer to "how old?": "4", "8 weeks", "6 months", "3yo", "I am 58". Years or None.
    Postcodes ("M14 5") are not ages: a number joined to letters is never read."""
    for pattern in _POSTCODE_LIKE:
        text = pattern.sub(" ", text)
    match = _AGE.search(text)
    if not match:
        return None
    unit = (match.group(2) or "y").lower()[0]
    years = float(match.group(1)) * _UNIT_YEARS.get(unit, 1.0)
    return years if 0 <= years <= 125 else None


def without_age(text: str) -> str:
    """The message with the first age expression (and "he is", "years old") taken out."""
    match = _AGE.search(text)
    if not match:
        return text
    before = _AGE_FILLER.sub("", text[: match.start()])
    after = re.sub(r"^\s*(?:old|olds|of age)\b", "", text[match.end() :], flags=re.I)
    return _tidy(f"{before} {after}")


def positive_clauses(text: str) -> str:
    """The clauses that say something is there: "no temperature, not pregnant, a bit sleepy"
    gives "a bit sleepy". Only for re-routing decisions: red flags are always checked on
    the whole message, whose own reading of negation is the one that counts for safety."""
    kept = [c.strip() for c in _CLAUSE_SPLIT.split(text) if c and c.strip()]
    return ", ".join(c for c in kept if not _NEGATION_START.search(c) and len(c) > 1)


def is_question(text: str) -> bool:
    return bool(_QUESTION.search(text or ""))


def read(text: str, place: PlaceMatch, *, age_asked: bool) -> Answer:
    rest = without_place(text, place)
    age = read_age(rest) if age_asked else None
    if age is not None:
        rest = without_age(rest)
    return Answer(place, age, rest, positive_clauses(rest))


def is_new_symptom(new, base) -> bool:
    """A different health worry, more urgent than the one being answered."""
    topic = new.topic
    if topic is None or topic.kind not in ("health", "mental_health"):
        return False
    if topic.id in NOT_A_SYMPTOM or (base.topic is not None and topic.id == base.topic.id):
        return False
    return new.disposition.acuity > base.disposition.acuity or any_fired(new.red_flags)
