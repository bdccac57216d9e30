"""Small-number disclosure control for staff summaries (NHS England's rule for sub-national
counts), with secondary suppression checked by an auditor that differences every published
total against its parts.

Primary rule: 0 stays 0, 1-7 is shown as "*", anything else is rounded to the nearest 5.
Rounding alone does not protect a hidden cell: in a row 8, 8, 1 with total 17 the reader sees
10, 10, * and 15, so the hidden cell is at most 17 - 16 = 1. So after the primary rule the
auditor works out, for every hidden small count, the range a reader can prove from the
published numbers and the sums that tie them together (rows, columns, subtotals, totals, and
the same count appearing in several tables), and hides more cells until every hidden small
count is left with at least MIN_CANDIDATES possible values, or with no narrower a range than
the zeros alone give (0 stays 0, so a total of six hidden non-zero cells is at least 6 however
much else is hidden: no suppression can change that, so it is not counted against a table).

The reader is assumed to know: a shown 0 is exactly 0; a shown R is within R-2..R+2; a "*" is
at least 1 (it may be a small count or a larger one hidden to protect it). Cells and sums are
opaque keys here; summaries.py decides what they mean.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Mapping

SUPPRESSED = "*"
SMALLEST_SHOWN = 8  # NHS England: counts of 1-7 are suppressed
ROUND_TO = 5  # every other non-zero count is rounded to the nearest 5
MIN_CANDIDATES = 3  # a hidden small count must stay one of at least this many values (1..7)
UNBOUNDED = 10**9  # "no upper bound" for a hidden cell; far above any real count
_UNBOUNDED_FROM = UNBOUNDED // 2  # a derived bound this high still means "no bound"
MAX_ROUNDS = 10_000  # secondary suppression adds at least one cell a round; a safety stop

Key = Hashable
Relation = tuple[Key, tuple[Key, ...]]  # total == sum(parts)


def round_to_five(count: int) -> int:
    """Nearest multiple of 5 (counts are whole numbers, so there are no ties)."""
    return ROUND_TO * ((count + ROUND_TO // 2) // ROUND_TO)


def primary(count: int) -> str:
    if count < 0:
        raise ValueError("counts are never negative")
    if count == 0:
        return "0"
    if count < SMALLEST_SHOWN:
        return SUPPRESSED
    return str(round_to_five(count))


def reader_bounds(shown: str) -> tuple[int, int]:
    """What a reader can prove about a cell from its published text alone."""
    if shown == SUPPRESSED:
        return 1, UNBOUNDED
    value = int(shown)
    if value == 0:
        return 0, 0
    return value - ROUND_TO // 2, value + ROUND_TO // 2


def candidates(low: int, high: int) -> int:
    """How many values 1..7 a hidden small count can still take."""
    return max(0, min(high, SMALLEST_SHOWN - 1) - max(low, 1) + 1)


def exposed_by(bounds: tuple[int, int], floor: tuple[int, int]) -> bool:
    """Does a publication narrow a hidden small count too far? `floor` is the range left when
    every non-zero cell is hidden."""
    left = candidates(*bounds)
    return left < MIN_CANDIDATES and left < candidates(*floor)


def difference_bounds(
    shown: Mapping[Key, str], relations: Iterable[Relation]
) -> dict[Key, tuple[int, int]]:
    """The tightest ranges a reader gets by differencing totals against parts, repeatedly,
    until nothing changes (interval propagation over every sum)."""
    relations = list(relations)
    low: dict[Key, int] = {}
    high: dict[Key, int] = {}
    for key, text in shown.items():
        low[key], high[key] = reader_bounds(text)
    touching: dict[Key, list[int]] = {}
    for index, (total, parts) in enumerate(relations):
        for key in (total, *parts):
            touching.setdefault(key, []).append(index)
    queue = deque(range(len(relations)))
    queued = set(queue)
    while queue:
        index = queue.popleft()
        queued.discard(index)
        for key in _tighten(relations[index], low, high):
            for other in touching[key]:
                if other not in queued:
                    queued.add(other)
                    queue.append(other)
    return {key: (low[key], high[key]) for key in shown}


def _tighten(relation: Relation, low: dict, high: dict) -> list[Key]:
    total, parts = relation
    changed = []
    parts_low = sum(low[p] for p in parts)
    parts_high = sum(high[p] for p in parts)
    if _narrow(total, parts_low, parts_high, low, high):
        changed.append(total)
    for part in parts:
        others_low = parts_low - low[part]
        others_high = parts_high - high[part]
        if _narrow(part, low[total] - others_high, high[total] - others_low, low, high):
            changed.append(part)
            parts_low, parts_high = sum(low[p] for p in parts), sum(high[p] for p in parts)
    return changed


def _narrow(key: Key, new_low: int, new_high: int, low: dict, high: dict) -> bool:
    if new_high >= _UNBOUNDED_FROM:  # unbounded stays unbounded: no slow ratchet down from 10^9
        new_high = UNBOUNDED
    new_low, new_high = max(low[key], new_low), min(high[key], new_high)
    if (new_low, new_high) == (low[key], high[key]):
        return False
    low[key], high[key] = new_low, new_high
    return True


def protect(counts: Mapping[Key, int], relations: Iterable[Relation]) -> dict[Key, str]:
    """Published text for every cell: the primary rule, then as many more "*" as it takes
    for every hidden small count to keep MIN_CANDIDATES possible values after differencing.
    Deterministic: the same counts always give the same publication."""
    relations = [(t, tuple(p)) for t, p in relations]
    shown = {key: primary(count) for key, count in counts.items()}
    small = [k for k, c in counts.items() if 0 < c < SMALLEST_SHOWN]
    everything_hidden = {k: SUPPRESSED if c else "0" for k, c in counts.items()}
    floor = difference_bounds(everything_hidden, relations)  # what the zeros alone reveal
    touching: dict[Key, list[Relation]] = {}
    for relation in relations:
        for key in (relation[0], *relation[1]):
            touching.setdefault(key, []).append(relation)
    for _ in range(MAX_ROUNDS):
        bounds = difference_bounds(shown, relations)
        exposed = [k for k in small if exposed_by(bounds[k], floor[k])]
        if not exposed:
            return shown
        for key in sorted(exposed, key=repr):
            extra = _cell_to_hide(key, counts, shown, bounds, touching)
            if extra is not None:
                shown[extra] = SUPPRESSED
    raise RuntimeError("secondary suppression did not settle")  # pragma: no cover


def _cell_to_hide(key: Key, counts, shown, bounds, touching) -> Key | None:
    """The smallest published non-zero cell on a chain of sums that pins `key`: breadth
    first through the sums that are tight for the cell reached (the reader's derivation,
    walked backwards), then through any sum. Hiding every non-zero cell is always safe (a
    reader then knows only what the zeros say), so this always makes progress."""
    for tight_only in (True, False):
        seen, frontier = {key}, [key]
        while frontier:
            reached: list[Key] = []
            for cell in frontier:
                low, high = bounds[cell]
                for total, parts in touching.get(cell, []):
                    if tight_only and not _pins(cell, total, parts, bounds, low, high):
                        continue
                    reached.extend(k for k in (total, *parts) if k not in seen)
            seen.update(reached)
            choice = _smallest_shown(reached, key, counts, shown)
            if choice is not None:
                return choice
            frontier = reached
    return None


def _pins(key, total, parts, bounds, low: int, high: int) -> bool:
    """Does this one sum, on its own, give the range the reader ends with?"""
    if key == total:
        implied = (sum(bounds[p][0] for p in parts), sum(bounds[p][1] for p in parts))
    else:
        others_low = sum(bounds[p][0] for p in parts if p != key)
        others_high = sum(bounds[p][1] for p in parts if p != key)
        implied = (bounds[total][0] - others_high, bounds[total][1] - others_low)
    return implied[0] >= low or implied[1] <= high


def _smallest_shown(pool: Iterable[Key], exclude: Key, counts, shown) -> Key | None:
    options = {k for k in pool if k != exclude and shown[k] != SUPPRESSED and counts[k] > 0}
    if not options:
        return None
    return min(options, key=lambda k: (counts[k], repr(k)))


__all__ = [
    "MIN_CANDIDATES",
    "ROUND_TO",
    "SMALLEST_SHOWN",
    "SUPPRESSED",
    "candidates",
    "difference_bounds",
    "exposed_by",
    "primary",
    "protect",
    "reader_bounds",
    "round_to_five",
]
