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
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from navigator.core.places.matches import NO_MATCH, PlaceMatch, normalise_text
from navigator.core.places.neighbourhoods import load_neighbourhoods
from navigator.core.places.postcodes import PostcodeIndex, PostcodeLookup, PostcodeRow
from navigator.paths import DIRECTORY_DIR

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
class _Entry:
    kind: str
    neighbourhoods: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    wards: tuple[str, ...] = ()
    weak: bool = False  # a generic name ("town centre"): any other place found wins
    council: str | None = None  # outside places: their council


def _fuzzy_cutoff(length: int) -> float:
    return next(cutoff for max_len, cutoff in FUZZY_CUTOFFS if length <= max_len)


@dataclass
class Gazetteer(PostcodeIndex):
    """Everything needed to resolve a place, indexed once at load."""

    ward_neighbourhood: dict[str, str]
    neighbourhood_area: dict[str, str]
    names: dict[str, _Entry]  # normalised name (and its compact form) -> entry
    fuzzy_by_letter: dict[str, list[str]]  # first letter -> one-word names that may fuzz
    phrases_by_word: dict[tuple[int, str], list[str]]  # (word count, a word) -> names
    not_places: frozenset[str]
    sectors: dict[str, PostcodeRow]
    districts: dict[str, PostcodeRow]
    max_words: int = field(default=1)
    council_by_la: dict[str, str] = field(default_factory=dict)  # ONS LA code -> council
    council_by_district: dict[str, str] = field(default_factory=dict)  # "M33" -> council

    def point_of(self, code: str | None) -> tuple[float, float] | None:
        """The centroid of a postcode sector or district's city postcodes, when derived."""
        row = self.sectors.get(code or "") or self.districts.get(code or "")
        return row.point if row else None

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
    sectors: dict[str, PostcodeRow] = {}
    districts: dict[str, PostcodeRow] = {}
    for row in postcode_rows:
        lat, lon = row.get("lat") or "", row.get("lon") or ""
        parsed = PostcodeRow(
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
