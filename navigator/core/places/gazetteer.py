"""Where is the resident? Postcode, sector, district, ward or place name -> neighbourhood ids.

Data (directory/): neighbourhoods.yaml (areas, neighbourhoods, wards), places.yaml (familiar
names, nicknames, misspellings, places outside the city, words that are not places) and
postcodes.csv (sector/district -> wards, derived by directory/derive_postcodes.py).

Matching order in a message: a full postcode, a sector ("M21 7"), a district ("M22"), an
exact place name (longest first), then a fuzzy place name. Fuzzy matching is strict on
purpose: names shorter than FUZZY_MIN_CHARS never fuzz, the first letter must agree, and
not_places in places.yaml lists the ordinary English words (audited against Debian's
wbritish word list with `python -m navigator.core.places.placewords FILE`) that would
otherwise score as a place ("gordon" is not Gorton).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from navigator.core.places.neighbourhoods import load_neighbourhoods
from navigator.paths import DIRECTORY_DIR

# How a PlaceMatch was resolved, most specific first.
# fmt: off
KINDS = ("postcode", "sector", "district", "ward", "neighbourhood", "place", "area", "outside",
         "none")
# fmt: on  # noqa: E501 fmt: skip
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
_NON_WORD_RE = re.compile(r"[^a-z0-9]+")

FUZZY_MIN_CHARS = 5
# rapidfuzz ratio (normalised Indel similarity, 0-100) needed, by query length in characters:
# one missing or extra letter in a 5-6 letter name, about two edits in longer ones.
FUZZY_CUTOFFS = ((6, 90.0), (9, 85.0), (float("inf"), 82.0))
FUZZY_MAX_WORDS = 3
# Words that start or end no place name: n-grams with them at an edge are not tried fuzzily.
# fmt: off
FUNCTION_WORDS = frozenset((
    "a", "an", "the", "in", "at", "on", "of", "to", "and", "or", "but", "for", "from", "near",
    "by", "with", "im", "i", "my", "me", "we", "our", "is", "are", "was", "live", "living",
    "stay", "staying", "round", "around", "nr", "its", "it",
))
# fmt: on


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


@dataclass(frozen=True)
class _Entry:
    kind: str
    neighbourhoods: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    wards: tuple[str, ...] = ()
    weak: bool = False  # a generic name ("town centre"): any other place found wins
    council: str | None = None  # outside places: their council


@dataclass(frozen=True)
class _PostcodeRow:
    wards: tuple[str, ...]
    neighbourhoods: tuple[str, ...]
    in_manchester: str  # yes | partial | no
    point: tuple[float, float] | None = None  # centroid (lat, lon) of its city postcodes


def normalise_text(text: str) -> str:
    """Lower case, '&' as 'and', apostrophes dropped, anything else non-alphanumeric a space."""
    text = text.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return _NON_WORD_RE.sub(" ", text).strip()


def normalise_postcode(text: str) -> str | None:
    """'m145aa' -> 'M14 5AA'; None when it is not a full UK postcode."""
    compact = re.sub(r"\s+", "", text or "").upper()
    m = _COMPACT_POSTCODE_RE.match(compact)
    if not m or _area(m.group(1)) not in UK_POSTCODE_AREAS:
        return None
    return f"{m.group(1)} {m.group(2)}"


def _area(outward: str) -> str:
    return outward[:2] if outward[1].isalpha() else outward[:1]


def _fuzzy_cutoff(length: int) -> float:
    return next(cutoff for max_len, cutoff in FUZZY_CUTOFFS if length <= max_len)


@dataclass
class Gazetteer:
    """Everything needed to resolve a place, indexed once at load."""

    ward_neighbourhood: dict[str, str]
    neighbourhood_area: dict[str, str]
    names: dict[str, _Entry]  # normalised name (and its compact form) -> entry
    fuzzy_by_letter: dict[str, list[str]]  # first letter -> one-word names that may fuzz
    phrases_by_word: dict[tuple[int, str], list[str]]  # (word count, a word) -> names
    not_places: frozenset[str]
    sectors: dict[str, _PostcodeRow]
    districts: dict[str, _PostcodeRow]
    max_words: int = field(default=1)
    council_by_la: dict[str, str] = field(default_factory=dict)  # ONS LA code -> council
    council_by_district: dict[str, str] = field(default_factory=dict)  # "M33" -> council

    def point_of(self, code: str | None) -> tuple[float, float] | None:
        """The centroid of a postcode sector or district's city postcodes, when derived."""
        row = self.sectors.get(code or "") or self.districts.get(code or "")
        return row.point if row else None

    def _outside(self, matched: str, code: str, outward: str, la: str | None = None, **extra):
        council = self.council_by_la.get(la or "") or self.council_by_district.get(outward)
        return PlaceMatch(kind="outside", matched=matched, outside_manchester=True,
                          postcode=code, council=council, **extra)  # fmt: skip

    # -- postcodes ---------------------------------------------------------------------------
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
        if kind == "postcode" and postcode_lookup is not None:
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

    # -- names --------------------------------------------------------------------------------
    def find_name(self, text: str) -> PlaceMatch:
        tokens = normalise_text(text).split()
        outside: PlaceMatch | None = None
        weak: PlaceMatch | None = None
        for n in range(min(self.max_words, len(tokens)), 0, -1):
            for i in range(len(tokens) - n + 1):
                phrase = " ".join(tokens[i : i + n])
                entry = self.names.get(phrase)
                if entry is None:
                    continue
                found = self._entry_match(entry, phrase, 100.0)
                if entry.weak:
                    weak = weak or found
                elif found.outside_manchester:
                    outside = outside or found
                else:
                    return found  # longest, then earliest; a city place beats an outside one
        return outside or weak or self._find_fuzzy(tokens)

    def _entry_match(self, entry: _Entry, matched: str, score: float) -> PlaceMatch:
        if entry.kind == "outside":
            return PlaceMatch(kind="outside", matched=matched, outside_manchester=True,
                              score=score, council=entry.council)  # fmt: skip
        return self._match(
            entry.neighbourhoods, entry.kind, matched, wards=entry.wards, score=score
        )

    def _find_fuzzy(self, tokens: list[str]) -> PlaceMatch:
        """Best misspelt place: one word against names (and "mossside"-style compact forms);
        two or three words only against names sharing an exact word ("wally range")."""
        best: tuple[float, str, str] | None = None
        for n in range(1, FUZZY_MAX_WORDS + 1):
            for i in range(len(tokens) - n + 1):
                words = tokens[i : i + n]
                if words[0] in FUNCTION_WORDS or words[-1] in FUNCTION_WORDS:
                    continue
                hit = self._fuzzy_word(words[0]) if n == 1 else self._fuzzy_phrase(words)
                if hit is not None and (best is None or hit[1] > best[0]):
                    best = (hit[1], hit[0], " ".join(words))
        if best is None:
            return NO_MATCH
        return self._entry_match(self.names[best[1]], best[2], best[0])

    def _fuzzy_word(self, word: str) -> tuple[str, float] | None:
        if len(word) < FUZZY_MIN_CHARS or not word.isalpha() or word in self.not_places:
            return None
        choices = self.fuzzy_by_letter.get(word[0])
        if not choices:
            return None
        hit = process.extractOne(
            word, choices, scorer=fuzz.ratio, processor=None, score_cutoff=_fuzzy_cutoff(len(word))
        )
        if hit is None or (word.startswith(hit[0]) and len(word) > len(hit[0])):
            return None  # "longsighted" is a word built on the name, not a misspelling of it
        return hit[0], hit[1]

    def _fuzzy_phrase(self, words: list[str]) -> tuple[str, float] | None:
        best = None
        candidates = {name for w in words for name in self.phrases_by_word.get((len(words), w), ())}
        for name in candidates:
            exact = 0
            for query_word, name_word in zip(words, name.split(), strict=True):
                if query_word == name_word:
                    exact += 1
                elif not self._word_close(query_word, name_word):
                    break
            else:
                if exact:
                    score = fuzz.ratio(" ".join(words), name, processor=None, score_cutoff=0)
                    if best is None or score > best[1]:
                        best = (name, score)
        return best

    def _word_close(self, word: str, target: str) -> bool:
        if len(word) < FUZZY_MIN_CHARS or word[0] != target[0] or word in self.not_places:
            return False
        cutoff = _fuzzy_cutoff(len(word))
        return fuzz.ratio(word, target, processor=None, score_cutoff=cutoff) >= cutoff


def _names_of(item: dict) -> list[str]:
    return [normalise_text(n) for n in item.get("names", [])]


def build_gazetteer(geography: dict, places: dict, postcode_rows: list[dict]) -> Gazetteer:
    ward_nb = {w["code"]: w["neighbourhood"] for w in geography["wards"]}
    nb_area = {n["id"]: n["area"] for n in geography["neighbourhoods"]}
    names: dict[str, _Entry] = {}
    exact: set[str] = set()

    def add(name: str, entry: _Entry, override: bool = False) -> None:
        if name in names and not override:
            return
        names[name] = entry

    for w in geography["wards"]:
        add(normalise_text(w["name"]), _Entry("ward", (w["neighbourhood"],), wards=(w["code"],)))
    for nb in geography["neighbourhoods"]:
        entry = _Entry("neighbourhood", (nb["id"],), wards=tuple(nb["wards"]))
        add(normalise_text(nb["name"]), entry)
        add(normalise_text(nb["id"]), entry)
    for area in geography["areas"]:
        in_area = tuple(n for n, a in nb_area.items() if a == area["id"])
        add(normalise_text(area["name"]), _Entry("area", in_area, areas=(area["id"],)))
    for item in places.get("places", []):
        if "area" in item:
            nbs = tuple(n for n, a in nb_area.items() if a == item["area"])
        else:
            nbs = tuple(item["neighbourhoods"])
        unknown = [n for n in nbs if n not in nb_area]
        if unknown:
            raise ValueError(f"places.yaml: unknown neighbourhood id(s) {unknown}")
        exact.update(normalise_text(n) for n in item.get("exact_names", []))
        for name in _names_of(item):
            old = names.get(name)
            kind = old.kind if old else ("area" if "area" in item else "place")
            areas = old.areas if old else ((item["area"],) if "area" in item else ())
            wards = old.wards if old else ()
            entry = _Entry(kind, nbs, areas, wards, weak=bool(item.get("weak")))
            add(name, entry, override=True)
    for item in places.get("outside", []):
        exact.update(normalise_text(n) for n in item.get("exact_names", []))
        for name in _names_of(item):
            add(name, _Entry("outside", council=item.get("council")))
    compact_forms = {n.replace(" ", "") for n in names if " " in n} - set(names)
    for name in list(names):  # "moss side" also as "mossside" (exact only: long, so lenient)
        add(name.replace(" ", ""), names[name])
    not_places = frozenset(normalise_text(w) for w in places.get("not_places") or [])
    # Fuzzy candidates are the compact forms ("mossside"); a message n-gram is compacted too.
    exact_compact = {n.replace(" ", "") for n in exact}
    fuzzy: dict[str, list[str]] = {}
    phrases: dict[tuple[int, str], list[str]] = {}
    for name in names:
        if name in compact_forms or name.replace(" ", "") in exact_compact:
            continue
        words = name.split()
        if len(words) == 1 and len(name) >= FUZZY_MIN_CHARS:
            fuzzy.setdefault(name[0], []).append(name)
        elif 1 < len(words) <= FUZZY_MAX_WORDS:
            for word in set(words):
                phrases.setdefault((len(words), word), []).append(name)
    sectors, districts = {}, {}
    for row in postcode_rows:
        lat, lon = row.get("lat") or "", row.get("lon") or ""
        parsed = _PostcodeRow(
            tuple(filter(None, row["wards"].split("|"))),
            tuple(filter(None, row["neighbourhoods"].split("|"))),
            row["in_manchester"],
            (float(lat), float(lon)) if lat and lon else None,
        )
        (sectors if row["kind"] == "sector" else districts)[row["code"]] = parsed
    return Gazetteer(
        ward_nb,
        nb_area,
        names,
        fuzzy,
        phrases,
        not_places,
        sectors,
        districts,
        max_words=max(len(n.split()) for n in names),
        council_by_la={c["la_code"]: c["name"] for c in places.get("councils") or []},
        council_by_district={
            d: c["name"] for c in places.get("councils") or [] for d in c.get("districts") or []
        },
    )


@lru_cache(maxsize=4)
def load_gazetteer(directory: str | Path | None = None) -> Gazetteer:
    """Read and index directory/ once per path (cached: callers may call it per message)."""
    base = Path(directory) if directory else DIRECTORY_DIR
    geography = load_neighbourhoods(base)
    places = yaml.safe_load((base / "places.yaml").read_text(encoding="utf-8"))
    rows: list[dict] = []
    postcodes = base / "postcodes.csv"
    if postcodes.exists():
        with postcodes.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    return build_gazetteer(geography, places, rows)


def find_place_in_message(
    text: str, postcode_lookup: PostcodeLookup | None = None, gazetteer: Gazetteer | None = None
) -> PlaceMatch:
    """The place a free-text message names, if any: postcodes first, then place names."""
    gaz = gazetteer or load_gazetteer()
    found = gaz.find_postcode(text or "", postcode_lookup)
    return found if found is not NO_MATCH else gaz.find_name(text or "")


def resolve(
    text: str, postcode_lookup: PostcodeLookup | None = None, gazetteer: Gazetteer | None = None
) -> PlaceMatch:
    """A location given on its own (a postcode field, an answer to 'where are you?').

    The same search as find_place_in_message; a code that is the whole text counts as a
    postcode from any UK area ("B12" alone is Birmingham, "B12 tablets" is a vitamin).
    """
    return find_place_in_message(text, postcode_lookup, gazetteer)
