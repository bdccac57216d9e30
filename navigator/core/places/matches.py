"""A resolved place and the text normalising every place lookup shares.

A PlaceMatch is what the gazetteer (core/places/gazetteer.py) answers, whether the place came
from a postcode (core/places/postcodes.py) or a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# How a PlaceMatch was resolved, most specific first.
# fmt: off
KINDS = ("postcode", "sector", "district", "ward", "neighbourhood", "place", "area", "outside",
         "none")
# fmt: on  # noqa: E501 fmt: skip
_NON_WORD_RE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class PlaceMatch:
    neighbourhoods: tuple[str, ...] = ()  # most likely first; two or more = spans them
    kind: str = "none"  # one of KINDS: how the place was resolved
    matched: str = ""  # the postcode as written, or the place name as normalised
    outside_manchester: bool = False
    areas: tuple[str, ...] = ()
    wards: tuple[str, ...] = ()  # GSS codes when known
    postcode: str | None = None  # normalised postcode, sector or district when one was given
    partly_outside: bool = False  # the sector/district straddles the city boundary
    score: float = 100.0  # 100 for exact matches, the rapidfuzz ratio for fuzzy ones
    council: str | None = None  # outside the city: the council whose area it is, when clear

    @property
    def neighbourhood(self) -> str | None:
        return self.neighbourhoods[0] if self.neighbourhoods else None

    @property
    def found(self) -> bool:
        return bool(self.neighbourhoods) or self.outside_manchester


NO_MATCH = PlaceMatch()

def normalise_text(text: str) -> str:
    """Lower case, '&' as 'and', apostrophes dropped, anything else non-alphanumeric a space."""
    text = text.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return _NON_WORD_RE.sub(" ", text).strip()
