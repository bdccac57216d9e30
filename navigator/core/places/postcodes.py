"""Postcodes in a message: a full postcode, a sector ("M21 7") or a district ("M22").

Sector and district rows come from directory/postcodes.csv (derived by
directory/derive_postcodes.py); a full postcode goes through the postcode table when one is
given. A code is taken as a postcode only when it is plausible: not a vitamin ("B12"), a
motorway ("the M60") or text-speak ("cheers m8").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from navigator.core.places.matches import NO_MATCH, PlaceMatch, normalise_text

# Every UK postcode area (Royal Mail), to tell a postcode from a code like "X2" or "E45".
# fmt: off
UK_POSTCODE_AREAS = frozenset((
    "AB", "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "BT", "CA", "CB", "CF",
    "CH", "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT",
    "DY", "E", "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG",
    "HP", "HR", "HS", "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L",
    "LA", "LD", "LE", "LL", "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG", "NN",
    "NP", "NR", "NW", "OL", "OX", "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S",
    "SA", "SE", "SG", "SK", "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA",
    "TD", "TF", "TN", "TQ", "TR", "TS", "TW", "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR",
    "WS", "WV", "YO", "ZE",
))
# fmt: on
MANCHESTER_AREA = "M"
# Areas round the city: a bare district such as "SK8" in a message is taken as a postcode.
# Elsewhere only a full postcode counts, so "B12" (vitamin) or "E45" (cream) stay words.
NEARBY_AREAS = frozenset({"M", "SK", "OL", "BL", "WA", "WN", "CW"})
REAL_M_DISTRICTS = frozenset(
    [
        f"M{n}"
        for n in (*range(1, 10), *range(11, 36), 38, 40, 41, *range(43, 47), 50, 60, 61, 90, 99)
    ]
)
LOCATION_CUES = frozenset({"in", "at", "near", "from", "postcode", "live", "is", "nr"})

_OUTWARD = r"([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)"
FULL_POSTCODE_RE = re.compile(rf"(?<![A-Za-z0-9]){_OUTWARD}\s*([0-9][A-Za-z]{{2}})(?![A-Za-z0-9])")
SECTOR_RE = re.compile(rf"(?<![A-Za-z0-9]){_OUTWARD}\s+([0-9])(?![A-Za-z0-9])")
DISTRICT_RE = re.compile(rf"(?<![A-Za-z0-9]){_OUTWARD}(?![A-Za-z0-9])")
_COMPACT_POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


@dataclass(frozen=True)
class PostcodeFact:
    """What a postcode table says of one full postcode. `listed=False`: the table holds every
    city postcode (ONSPD) and not this one, so it is outside the city (or newer than the file)."""

    ward: str | None = None
    la_code: str | None = None
    listed: bool = True


# A ward code (str), a PostcodeFact, or None when the table cannot tell.
PostcodeLookup = Callable[[str], "str | PostcodeFact | None"]


@dataclass(frozen=True)
class PostcodeRow:
    wards: tuple[str, ...]
    neighbourhoods: tuple[str, ...]
    in_manchester: str  # yes | partial | no
    point: tuple[float, float] | None = None  # centroid (lat, lon) of its city postcodes


def normalise_postcode(text: str) -> str | None:
    """'m145aa' -> 'M14 5AA'; None when it is not a full UK postcode."""
    compact = re.sub(r"\s+", "", text or "").upper()
    m = _COMPACT_POSTCODE_RE.match(compact)
    if not m or _area(m.group(1)) not in UK_POSTCODE_AREAS:
        return None
    return f"{m.group(1)} {m.group(2)}"


def _area(outward: str) -> str:
    return outward[:2] if outward[1].isalpha() else outward[:1]


class PostcodeIndex:
    """The postcode half of the Gazetteer: its sectors, districts, ward and council tables."""

    # the tables, which the Gazetteer holds
    sectors: dict[str, PostcodeRow]
    districts: dict[str, PostcodeRow]
    ward_neighbourhood: dict[str, str]
    neighbourhood_area: dict[str, str]
    council_by_la: dict[str, str]  # ONS LA code -> council
    council_by_district: dict[str, str]  # "M33" -> council

    def _outside(self, matched: str, code: str, outward: str, la: str | None = None, **extra):
        council = self.council_by_la.get(la or "") or self.council_by_district.get(outward)
        return PlaceMatch(kind="outside", matched=matched, outside_manchester=True,
                          postcode=code, council=council, **extra)  # fmt: skip

    def resolve_postcode(
        self,
        outward: str,
        inward: str | None,
        matched: str,
        postcode_lookup: PostcodeLookup | None = None,
        sector_only: bool = False,
    ) -> PlaceMatch:
        outward = outward.upper()
        inward = inward.upper() if inward else None
        area = _area(outward)
        code = f"{outward} {inward}" if inward else outward
        kind = "district"
        if inward:
            kind = "sector" if sector_only else "postcode"
        if area != MANCHESTER_AREA:
            return self._outside(matched, code, outward)
        if kind == "postcode" and inward is not None and postcode_lookup is not None:
            fact = postcode_lookup(code)
            if isinstance(fact, str):
                fact = PostcodeFact(ward=fact)
            if fact is not None and (fact.ward or fact.la_code):
                nb = self.ward_neighbourhood.get(fact.ward or "")
                if nb is None:
                    wards = (fact.ward,) if fact.ward else ()
                    return self._outside(matched, code, outward, fact.la_code, wards=wards)
                return self._match((nb,), "postcode", matched, wards=(fact.ward,), postcode=code)
            if fact is not None and not fact.listed:
                # Not in the whole city list: outside, unless its sector lies wholly inside
                # the city (then it is most likely newer than the list: use the sector).
                sector = self.sectors.get(f"{outward} {inward[0]}")
                if sector is None or sector.in_manchester != "yes":
                    return self._outside(matched, code, outward)
        candidates = []
        if inward:
            candidates.append(("sector", self.sectors.get(f"{outward} {inward[0]}")))
        candidates.append(("district", self.districts.get(outward)))
        partly_outside = False
        for row_kind, row in candidates:
            if row is None:
                continue
            if row.in_manchester == "partial" and not row.neighbourhoods:
                partly_outside = True  # a shared sector with no city evidence: use the district
                continue
            if row.in_manchester == "no":
                return self._outside(matched, code, outward)
            return self._match(
                row.neighbourhoods,
                row_kind,
                matched,
                wards=row.wards,
                postcode=code,
                partly_outside=partly_outside or row.in_manchester == "partial",
            )
        if outward in REAL_M_DISTRICTS:  # a PO-box district: in Greater Manchester, no place
            return PlaceMatch(kind="none", matched=matched, postcode=code)
        return NO_MATCH

    def _match(self, neighbourhoods, kind, matched, **extra) -> PlaceMatch:
        areas = tuple(dict.fromkeys(self.neighbourhood_area[n] for n in neighbourhoods))
        return PlaceMatch(tuple(neighbourhoods), kind, matched, areas=areas, **extra)

    def find_postcode(self, text: str, postcode_lookup: PostcodeLookup | None = None) -> PlaceMatch:
        for m in FULL_POSTCODE_RE.finditer(text):
            if self._plausible(m, text, full=True):
                return self.resolve_postcode(m.group(1), m.group(2), m.group(0), postcode_lookup)
        for pattern, has_inward in ((SECTOR_RE, True), (DISTRICT_RE, False)):
            for m in pattern.finditer(text):
                if self._plausible(m, text, full=False):
                    inward = m.group(2) if has_inward else None
                    return self.resolve_postcode(
                        m.group(1), inward, m.group(0), postcode_lookup, sector_only=True
                    )
        return NO_MATCH

    @staticmethod
    def _plausible(m: re.Match, text: str, full: bool) -> bool:
        """Is this code a postcode, and not a vitamin, a motorway or text-speak for 'mate'?"""
        outward = m.group(1).upper()
        area = _area(outward)
        if area not in UK_POSTCODE_AREAS:
            return False
        if full or m.group(0) == text.strip(" \t\r\n.,;:!?"):  # nothing else said: a postcode
            return area != MANCHESTER_AREA or outward in REAL_M_DISTRICTS
        if area not in NEARBY_AREAS:
            return False
        if area == MANCHESTER_AREA and outward not in REAL_M_DISTRICTS:
            return False  # M56, M62...: motorways
        before = normalise_text(text[: m.start()]).split()
        if before and before[-1] == "the":
            return False  # "stuck on the M60"
        if m.group(1) == "m8" and m.lastindex == 1:
            return bool(before) and before[-1] in LOCATION_CUES  # "cheers m8" is "mate"
        return True
