"""Anchor words for the rules' regular expressions: a quick test that lets a message skip a
pattern that cannot match it, with no change to what any rule decides.

For a compiled pattern, `anchors(pattern)` gives a set of plain strings such that every match
of the pattern contains one of them, or None when no such set can be worked out (a pattern
made only of wildcards, or one this reading does not understand): None means "always run
the pattern". The set is read from the parsed pattern itself, so it follows every edit to
the rules' YAML without a second list to keep in step:

    "(?<![a-z0-9])(?:chest|sternum) ~ (?:pain|ache)"  ->  {"chest", "sternum"}

A text that holds none of a pattern's anchors cannot match it; one that holds an anchor
still runs the pattern, and the pattern decides. tests/core/test_anchors.py checks the
derivation against the regex engine on every rule's own examples and on random text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

try:  # the standard library's own pattern parser; without it every pattern simply runs
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover (present in CPython 3.11 to 3.13)
    _parser = None

MAX_EXACT = 64  # the most strings an exactly-known piece may stand for ("(a|b)(c|d)" is 4)
MAX_CLASS_CHARS = 8  # a character class of more letters than this is a wildcard here

# (exact, required): every string the piece can match when there are few enough, else None;
# and a set of strings one of which every match contains, else None (nothing known).
_Info = tuple[frozenset[str] | None, frozenset[str] | None]
_NOTHING: _Info = (None, None)
_EMPTY: _Info = (frozenset({""}), None)  # a zero-width assertion: matches "" only


def anchors(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` contains; None when unknown."""
    if _parser is None or pattern.flags & (re.IGNORECASE | re.VERBOSE) or not pattern.pattern:
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 (an unreadable pattern is simply always run)
        return None
    return _required(_sequence(list(parsed)))


def _required(info: _Info) -> frozenset[str] | None:
    exact, required = info
    if exact is not None and "" not in exact:
        return _smallest(exact)
    return required


def _smallest(strings: Iterable[str]) -> frozenset[str] | None:
    """Drop a string that holds another of the set: finding the shorter is enough."""
    ordered = sorted(set(strings), key=len)
    if not ordered or not ordered[0]:
        return None
    kept: list[str] = []
    for s in ordered:
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more telling of two requirements: the longer shortest string, then fewer strings."""
    if a is None or b is None:
        return a if b is None else b
    rank_a, rank_b = (min(map(len, a)), -len(a)), (min(map(len, b)), -len(b))
    return a if rank_a >= rank_b else b


def _sequence(items: list[tuple[Any, Any]]) -> _Info:
    """Pieces one after another: their exact strings join up while they stay few; any piece's
    requirement is the whole sequence's requirement, so the most telling is kept."""
    run: frozenset[str] | None = frozenset({""})
    whole_exact = True
    best: frozenset[str] | None = None
    for op, av in items:
        exact, required = _node(op, av)
        if exact is not None and run is not None and len(run) * len(exact) <= MAX_EXACT:
            run = frozenset(a + b for a in run for b in exact)
            continue
        best = _better(best, _required((run, None)) if run is not None else None)
        if exact is not None:  # exact, but too many strings to join with what came before
            whole_exact = False
            run = exact
            continue
        whole_exact = False
        best = _better(best, required)
        run = frozenset({""})
    if whole_exact:
        return run, _required((run, None))
    return None, _better(best, _required((run, None)) if run is not None else None)


def _node(op: Any, av: Any) -> _Info:
    c = _parser
    if op is c.LITERAL:
        return frozenset({chr(av)}), None
    if op is c.IN:
        return _char_class(av)
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return _EMPTY  # consumes nothing; what it asserts is not needed in the match
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, body = av
        if add_flags & (re.IGNORECASE | re.VERBOSE):
            return _NOTHING
        return _sequence(list(body))
    if op is c.ATOMIC_GROUP:
        return _sequence(list(av))
    if op is c.BRANCH:
        return _branch([_sequence(list(alt)) for alt in av[1]])
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, high, body = av
        return _repeat(low, high, _sequence(list(body)))
    return _NOTHING  # any character, a negated literal, a back-reference...: unknown


def _char_class(items: list[tuple[Any, Any]]) -> _Info:
    chars: set[str] = set()
    for op, av in items:
        if op is _parser.LITERAL:
            chars.add(chr(av))
        elif op is _parser.RANGE and av[1] - av[0] < MAX_CLASS_CHARS:
            chars.update(chr(i) for i in range(av[0], av[1] + 1))
        else:  # a negation, a category (\w, \d), a wide range
            return _NOTHING
    return (frozenset(chars), None) if 0 < len(chars) <= MAX_CLASS_CHARS else _NOTHING


def _branch(alternatives: list[_Info]) -> _Info:
    exacts = [e for e, _ in alternatives]
    exact: frozenset[str] | None = None
    if all(e is not None for e in exacts):
        union = frozenset().union(*(e for e in exacts if e is not None))
        exact = union if len(union) <= MAX_EXACT else None
    needed: set[str] = set()
    for info in alternatives:
        own = _required(info)
        if own is None:  # one way through needs nothing: neither does the choice
            return exact, None
        needed |= own
    return exact, _smallest(needed)


def _repeat(low: int, high: int, body: _Info) -> _Info:
    exact, _ = body
    if low == 0:  # may be absent: requires nothing
        return (exact | {""}, None) if high == 1 and exact is not None else _NOTHING
    if exact is not None and low == high and len(exact) ** low <= MAX_EXACT:
        joined = frozenset({""})
        for _ in range(low):
            joined = frozenset(a + b for a in joined for b in exact)
        return joined, _required((joined, None))
    return None, _required(body)


GRAM = 3  # anchors are filed under one of their three-character stretches


class AnchorIndex:
    """Which of many groups of patterns (a rule's, a sign's) may match a text, found from the
    text's three-character stretches: only the anchors filed under one of them are looked
    for, so a message costs a few set look-ups, not a search per pattern.

    A group whose anchors are unknown (None) is always a candidate. `candidates` may say a
    group could match when it cannot (the group's patterns then decide), never the reverse.
    """

    def __init__(self, groups: Iterable[frozenset[str] | None]):
        self._always: set[int] = set()
        self._short: list[tuple[str, int]] = []  # anchors shorter than a gram, looked for whole
        anchored: list[tuple[str, int]] = []
        for index, group in enumerate(groups):
            if group is None:
                self._always.add(index)
            else:
                anchored += [(anchor, index) for anchor in group]
        self._short = [(a, i) for a, i in anchored if len(a) < GRAM]
        # Each anchor is filed under its stretch with no space that fewest anchors share:
        # the stretch least likely to be in a message that does not hold the anchor.
        shared = Counter(g for a, _ in anchored for g in set(_grams(a)))
        self._by_gram: dict[str, list[tuple[str, int]]] = {}
        for anchor, index in anchored:
            if len(anchor) >= GRAM:
                grams = _grams(anchor)
                gram = min(grams, key=lambda g: (" " in g, shared[g], grams.index(g)))
                self._by_gram.setdefault(gram, []).append((anchor, index))

    def candidates(self, texts: Iterable[str]) -> set[int]:
        """The groups that may match one of the texts (by their index in the groups given)."""
        found = set(self._always)
        by_gram = self._by_gram
        for text in texts:
            for gram in by_gram.keys() & text_grams(text):
                for anchor, index in by_gram[gram]:
                    if index not in found and anchor in text:
                        found.add(index)
            for anchor, index in self._short:
                if index not in found and anchor in text:
                    found.add(index)
        return found


@lru_cache(maxsize=64)  # the rules, the two kinds of sign and the alarm read the same text
def text_grams(text: str) -> frozenset[str]:
    return frozenset(_grams(text))


def _grams(text: str) -> list[str]:
    return [text[i : i + GRAM] for i in range(len(text) - GRAM + 1)]


class PatternFilter:
    """For groups of patterns (a rule's, a sign's), the ones that may match a message: each
    pattern with anchors is looked for only when the text holds one of them."""

    def __init__(self, groups: Iterable[Sequence[re.Pattern[str]]], prefilter: bool = True):
        """`prefilter` False: every pattern always runs (to test that it changes nothing)."""
        self._groups = [tuple(group) for group in groups]
        flat = [(g, p) for g, group in enumerate(self._groups) for p in group]
        self._owner = [g for g, _ in flat]
        self._patterns = [p for _, p in flat]
        self._index = AnchorIndex(anchors(p) if prefilter else None for p in self._patterns)

    def live(self, texts: Iterable[str]) -> list[tuple[re.Pattern[str], ...]]:
        """Each group's patterns, in their order, less those that cannot match any of the
        texts: a group left empty cannot match at all."""
        found: list[list[re.Pattern[str]]] = [[] for _ in self._groups]
        for i in sorted(self._index.candidates(texts)):
            found[self._owner[i]].append(self._patterns[i])
        return [tuple(patterns) for patterns in found]

    def unanchored(self) -> list[re.Pattern[str]]:
        """The patterns that always run: no anchor could be read from them."""
        return [p for i, p in enumerate(self._patterns) if i in self._index.candidates(())]
