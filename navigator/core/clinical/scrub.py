"""Message text made fit for a clinical review queue: identifiers scrubbed, and a verdict on
whether any were found.

A resident's words are kept for clinical review only when they consented, or when nothing
that identifies a person was found in them (SPEC 5.5: free text is not kept unless scrubbed
of identifiers). Scrubbed: phone numbers (and NHS numbers), email addresses, full postcodes
(the sector is kept: "M14 5"), dates that may be a birthday, house-number-and-street
addresses, and names: after "my name is", "I'm", "called", and capitalised words inside a
sentence that are not ordinary words or Manchester places. Residents who write names in
lower case defeat the last rule: that is why text with no consent is kept only when the
scrubber found nothing at all, and why a reviewer can still withdraw it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_PHONE = re.compile(r"(?<!\w)(?:\+?\d[\d ()-]{7,}\d)(?!\w)")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d)[A-Z]{2}\b", re.IGNORECASE)
_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_STREETS = (
    "road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|grove|crescent|court|terrace|"
    "place|gardens|walk|square|row|mews|parade|view|hill|rise"
)
_ADDRESS = re.compile(
    rf"\b(?:flat\s+\d+\w?,?\s+)?\d{{1,4}}[a-z]?,?\s+(?:[a-z']+\s+){{1,3}}(?:{_STREETS})\b",
    re.IGNORECASE,
)
_NAMED = re.compile(
    r"\b((?i:my name is|my name's|i am called|im called|i'm called|called|named|this is|"
    r"i'm|im|i am))\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
)
_RELATION = re.compile(
    r"\b((?i:(?:my|our|his|her|their) (?:son|daughter|husband|wife|partner|boyfriend|girlfriend|"
    r"friend|mate|mum|mam|dad|brother|sister|nan|grandad|grandma|baby|neighbour|carer|"
    r"child|kid|boy|girl|fella|uncle|aunt|auntie|cousin)))\s+([A-Z][a-z]+)"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SENTENCE_END = re.compile(r"[.!?]\s*$")
ALWAYS_ALLOWED = frozenset(
    {"i", "im", "i'm", "nhs", "gp", "a&e", "uk", "manchester", "ok", "mum", "dad", "nan", "covid"}
)


@dataclass(frozen=True)
class Scrubbed:
    text: str
    found: tuple[str, ...]  # kinds of identifier replaced: phone, email, postcode...

    @property
    def identifier_free(self) -> bool:
        return not self.found


def scrub(text: str, is_known_word: Callable[[str], bool] | None = None) -> Scrubbed:
    """Identifiers replaced by [phone], [email], [postcode], [date], [address], [name].

    `is_known_word(word)` says whether a lower-case word is an ordinary word or a place, so a
    capitalised one inside a sentence is not a name; without it only the explicit name
    patterns are used.
    """
    found: list[str] = []

    def sub(pattern, replacement, kind, value):
        new, count = pattern.subn(replacement, value)
        if count:
            found.append(kind)
        return new

    out = " ".join(str(text or "").split())
    out = sub(_EMAIL, "[email]", "email", out)
    out = sub(_POSTCODE, lambda m: f"{m.group(1).upper()} {m.group(2)}", "postcode", out)
    out = sub(_DATE, "[date]", "date", out)
    out = sub(_PHONE, "[phone]", "phone", out)
    out = sub(_ADDRESS, "[address]", "address", out)
    out = sub(_NAMED, lambda m: f"{m.group(1)} [name]", "name", out)
    out = sub(_RELATION, lambda m: f"{m.group(1)} [name]", "name", out)
    if is_known_word is not None:
        out = _capitalised_names(out, is_known_word, found)
    return Scrubbed(out, tuple(dict.fromkeys(found)))


def _capitalised_names(text: str, is_known_word, found: list[str]) -> str:
    pieces, last, replaced = [], 0, False
    for match in _WORD.finditer(text):
        word = match.group(0)
        before = text[: match.start()].rstrip()
        starts_sentence = not before or bool(_SENTENCE_END.search(before)) or before.endswith("]")
        lower = word.lower()
        if (
            word[0].isupper()
            and not starts_sentence
            and not word.isupper()
            and lower not in ALWAYS_ALLOWED
            and not is_known_word(lower)
        ):
            pieces.append(text[last : match.start()] + "[name]")
            last, replaced = match.end(), True
    if replaced:
        found.append("name")
    return "".join(pieces) + text[last:]


__all__ = ["Scrubbed", "scrub"]
