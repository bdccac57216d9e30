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
from collections.abc import Iterable
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


def any_anchors(patterns: Iterable[re.Pattern[str]]) -> frozenset[str] | None:
    """One of these strings is in every text any of the patterns matches; None when one of
    the patterns has no anchors (or there are no patterns), so the text must always be read."""
    found: set[str] = set()
    count = 0
    for pattern in patterns:
        count += 1
        own = anchors(pattern)
        if own is None:
            return None
        found |= own
    return _smallest(found) if count else None


def may_match(anchor_set: frozenset[str] | None, texts: Iterable[str]) -> bool:
    """False only when none of the texts holds any anchor (so no pattern can match them)."""
    if anchor_set is None:
        return True
    return any(a in text for text in texts for a in anchor_set)


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
    for, so a message costs a few dictionary look-ups, not a search per pattern.

    A group whose anchors are unknown (None) is always a candidate. `candidates` may say a
    group could match when it cannot (the group's patterns then decide), never the reverse.
    """

    def __init__(self, groups: Iterable[frozenset[str] | None]):
        self._always: set[int] = set()
        self._by_gram: dict[str, list[tuple[str, int]]] = {}
        self._short: list[tuple[str, int]] = []  # anchors shorter than a gram, looked for whole
        for index, group in enumerate(groups):
            if group is None:
                self._always.add(index)
                continue
            for anchor in group:
                if len(anchor) < GRAM:
                    self._short.append((anchor, index))
                else:
                    self._by_gram.setdefault(_rarest_gram(anchor), []).append((anchor, index))

    def candidates(self, texts: Iterable[str]) -> set[int]:
        """The groups that may match one of the texts (by their index in the groups given)."""
        found = set(self._always)
        by_gram = self._by_gram
        for text in texts:
            grams = {text[i : i + GRAM] for i in range(len(text) - GRAM + 1)}
            for gram in by_gram.keys() & grams:
                for anchor, index in by_gram[gram]:
                    if index not in found and anchor in text:
                        found.add(index)
            found.update(i for anchor, i in self._short if i not in found and anchor in text)
        return found


def _rarest_gram(anchor: str) -> str:
    """The stretch of an anchor least likely in a message: one with no space and no common
    short word in it ("sternum" is filed under "ter" rather than under " st")."""
    grams = [anchor[i : i + GRAM] for i in range(len(anchor) - GRAM + 1)]
    return min(grams, key=lambda g: (" " in g, g in _COMMON_GRAMS, grams.index(g)))


# Three-letter stretches frequent in English text: an anchor is filed elsewhere when it can.
_COMMON_GRAMS = frozenset(
    ("the", "and", "ing", "her", "hat", "his", "tha", "ere", "for", "ent", "ion", "ter", "was")
    + ("you", "ith", "ver", "all", "wit", "thi", "tio", "not", "ave", "are", "ous", "pai", "ain")
)
