"""Staff usage summaries: anonymised events in, disclosure-controlled tables out.

One Publication per date range: every count staff can see in that range (each table, each
neighbourhood's view of it, every total and every CSV) is a cell of a few small cubes
(place x week, channel x week x place, need x place, ...). The same count appearing in two
cubes is one cell with one key, and core/reporting/disclosure.py protects all of them together, so no
view, filter or export shows a number another one hides. Views only select published cells;
true counts never leave this module.

Events are the rows of store/events.py: kind, hour ("YYYY-MM-DDTHH:00", local), channel,
neighbourhood, outside_manchester, topic, disposition, unmet_need, nudge_outcome, got_help.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from navigator.core.models import Disposition
from navigator.core.reporting import disclosure

ALL = "all"
NOT_GIVEN, OUTSIDE, MANCHESTER, EMERGENCY = "not-given", "outside", "manchester", "emergency"
CHANNELS = (("sms", "SMS"), ("web", "Web chat"))
EMERGENCY_DISPOSITIONS = (
    Disposition.EMERGENCY_999,
    Disposition.A_AND_E,
    Disposition.MENTAL_HEALTH_CRISIS,
)
DISPOSITION_LABELS = {
    "emergency_999": "999 emergency",
    "a_and_e": "A&E",
    "mental_health_crisis": "Mental health crisis",
    "safeguarding": "Safeguarding",
    "urgent_care": "Urgent care",
    "nhs_111": "NHS 111",
    "gp": "GP",
    "dental": "Dentist",
    "pharmacy": "Pharmacy",
    "self_care": "Self-care",
    "community": "Community service",
    "unclear": "Unclear",
}
OUTCOMES = (("better", "Feeling better"), ("same", "No better"), ("worse", "Feeling worse"))
GOT_HELP = (("yes", "Got the help they needed"), ("no", "Did not get the help they needed"))
FAMILIES = {  # which events each family counts
    "answers": lambda e: e.get("kind") == "answer",
    "unmet": lambda e: e.get("kind") == "answer" and bool(e.get("unmet_need")),
    "follow_up": lambda e: e.get("kind") == "nudge_reply" and bool(e.get("nudge_outcome")),
    "got_help": lambda e: e.get("kind") == "got_help" and e.get("got_help") is not None,
}


@dataclass(frozen=True)
class Geography:
    areas: tuple[tuple[str, str], ...]  # (id, name)
    neighbourhoods: tuple[tuple[str, str, str], ...]  # (id, name, area id)

    @classmethod
    def from_yaml_data(cls, data: dict) -> Geography:
        return cls(
            tuple((a["id"], a["name"]) for a in data["areas"]),
            tuple((n["id"], n["name"], n["area"]) for n in data["neighbourhoods"]),
        )

    def area_of(self, neighbourhood: str) -> str | None:
        return next((a for n, _, a in self.neighbourhoods if n == neighbourhood), None)


@dataclass(frozen=True)
class Line:
    """A row or column: a single value (leaf) or the sum of other lines of its dimension."""

    code: str
    label: str
    parts: tuple[int, ...] = ()
    kind: str = "leaf"  # leaf | subtotal | total


@dataclass(frozen=True)
class Dimension:
    name: str
    lines: tuple[Line, ...]

    def index(self, code: str) -> int:
        return next(i for i, line in enumerate(self.lines) if line.code == code)


@dataclass
class Cube:
    id: str
    family: str
    dims: tuple[Dimension, ...]
    keys: dict[tuple[int, ...], tuple] = field(default_factory=dict)

    def key(self, at: tuple[int, ...]) -> tuple:
        named = ((d.name, d.lines[i].code) for d, i in zip(self.dims, at, strict=True))
        return (self.family, tuple(sorted((n, c) for n, c in named if c != ALL)))

    def relations(self) -> list[tuple[tuple, tuple[tuple, ...]]]:
        """Every published sum: for each cell whose line is a total in some dimension."""
        found = []
        for at in self.keys:
            for axis, dim in enumerate(self.dims):
                parts = dim.lines[at[axis]].parts
                if parts:
                    found.append((self.key(at), tuple(self.key(_with(at, axis, p)) for p in parts)))
        return found


@dataclass(frozen=True)
class Table:
    """A view: published texts only ("0", "*" or a multiple of 5), ready for HTML or CSV."""

    id: str
    title: str
    corner: str
    columns: tuple[Line, ...]
    rows: tuple[Line, ...]
    cells: tuple[tuple[str, ...], ...]
    keys: tuple[tuple[tuple, ...], ...]  # the cell each text came from (tests, audits)

    def values(self, row: int) -> list[int | None]:
        """Numbers for charts: None where the count is hidden."""
        return [None if t == disclosure.SUPPRESSED else int(t) for t in self.cells[row]]


def _with(at: tuple[int, ...], axis: int, index: int) -> tuple[int, ...]:
    return (*at[:axis], index, *at[axis + 1 :])


def week_of(hour: str) -> dt.date:
    day = dt.date.fromisoformat(hour[:10])
    return day - dt.timedelta(days=day.weekday())


def weeks_between(first: dt.date, last: dt.date) -> list[dt.date]:
    start = first - dt.timedelta(days=first.weekday())
    return [start + dt.timedelta(weeks=n) for n in range((last - start).days // 7 + 1)]


def _normalise(event: dict, geography: Geography) -> dict:
    known = {n for n, _, _ in geography.neighbourhoods}
    place = event.get("neighbourhood")
    geo = place if place in known else (OUTSIDE if event.get("outside_manchester") else NOT_GIVEN)
    got_help = event.get("got_help")
    return {
        "week": week_of(event["hour"]).isoformat(),
        "geo": geo,
        "channel": event.get("channel") or "unknown",
        "topic": event.get("topic") or "none",
        "disposition": event.get("disposition") or "unknown",
        "outcome": event.get("nudge_outcome") or "unknown",
        "got_help": "yes" if got_help else "no",
    }


def _dimension(
    name: str, leaves: list[tuple[str, str]], subtotals=(), total_label: str = "All"
) -> Dimension:
    """Leaves, then named subtotals (code, label, leaf codes), then ALL = every leaf."""
    lines = [Line(code, label) for code, label in leaves]
    position = {code: i for i, (code, _) in enumerate(leaves)}
    for code, label, members in subtotals:
        lines.append(Line(code, label, tuple(position[m] for m in members), "subtotal"))
    lines.append(Line(ALL, total_label, tuple(range(len(leaves))), "total"))
    return Dimension(name, tuple(lines))


def _leaves(fixed, seen: set[str]) -> list[tuple[str, str]]:
    codes = {code for code, _ in fixed}
    return [*fixed, *((s, s.replace("_", " ").capitalize()) for s in sorted(seen - codes))]


def _geo_dimension(geography: Geography, subtotals: bool = True) -> Dimension:
    """Neighbourhoods, then (with subtotals) their areas and Manchester, then the rest."""
    lines: list[Line] = []
    area_rows = []
    for area, area_name in geography.areas:
        start = len(lines)
        lines += [Line(n, name) for n, name, a in geography.neighbourhoods if a == area]
        if subtotals:
            area_rows.append(len(lines))
            parts = tuple(range(start, len(lines)))
            lines.append(Line(f"area:{area}", area_name, parts, "subtotal"))
    if subtotals:
        lines.append(Line(MANCHESTER, "Manchester", tuple(area_rows), "subtotal"))
        top_parts = [len(lines) - 1]
    else:
        top_parts = list(range(len(lines)))
    lines += [Line(NOT_GIVEN, "Place not given"), Line(OUTSIDE, "Outside Manchester")]
    top_parts += [len(lines) - 2, len(lines) - 1]
    lines.append(Line(ALL, "All", tuple(top_parts), "total"))
    return Dimension("geo", tuple(lines))


def _count_cube(cube: Cube, rows: list[dict]) -> dict[tuple, int]:
    tally = Counter(tuple(r[d.name] for d in cube.dims) for r in rows)
    memo: dict[tuple[int, ...], int] = {}

    def count(at: tuple[int, ...]) -> int:
        if at not in memo:
            lines = [d.lines[i] for d, i in zip(cube.dims, at, strict=True)]
            axis = next((a for a, line in enumerate(lines) if line.parts), None)
            if axis is None:
                memo[at] = tally[tuple(line.code for line in lines)]
            else:
                memo[at] = sum(count(_with(at, axis, p)) for p in lines[axis].parts)
        return memo[at]

    shape = [range(len(d.lines)) for d in cube.dims]
    cells: list[tuple[int, ...]] = [()]
    for axis in shape:
        cells = [(*c, i) for c in cells for i in axis]
    counts = {}
    for at in cells:
        cube.keys[at] = cube.key(at)
        counts[cube.keys[at]] = count(at)
    return counts


class Publication:
    """Every protected count for one run of weeks. Build it once per request and read views."""

    def __init__(
        self,
        events: list[dict],
        geography: Geography,
        weeks: list[dt.date],
        topic_labels: dict[str, str] | None = None,
    ):
        self.geography, self.weeks = geography, list(weeks)
        wanted = {w.isoformat() for w in self.weeks}
        rows = [_normalise(e, geography) for e in events if e.get("hour")]
        rows_by_event = [
            (e, r) for e, r in zip((e for e in events if e.get("hour")), rows, strict=True)
        ]
        self.family_rows = {
            family: [r for e, r in rows_by_event if accept(e) and r["week"] in wanted]
            for family, accept in FAMILIES.items()
        }
        labels = {"none": "No topic found", **(topic_labels or {})}
        self.cubes = self._cubes(labels)
        counts: dict[disclosure.Key, int] = {}
        relations: dict[disclosure.Relation, None] = {}  # an ordered set
        for cube in self.cubes.values():
            for key, value in _count_cube(cube, self.family_rows[cube.family]).items():
                if counts.setdefault(key, value) != value:  # one key, one count, everywhere
                    raise AssertionError(f"inconsistent count for {key}")
            relations.update((r, None) for r in cube.relations())
        self.relations = list(relations)
        self.shown = disclosure.protect(counts, self.relations)
        self.hidden_cells = sum(t == disclosure.SUPPRESSED for t in self.shown.values())

    def _cubes(self, topic_labels: dict[str, str]) -> dict[str, Cube]:
        geo = _geo_dimension(self.geography)
        # Weekly breakdowns are filtered by neighbourhood, never by area: fewer sums to protect.
        flat = _geo_dimension(self.geography, subtotals=False)
        week_leaves = [(w.isoformat(), f"{w:%d %b}") for w in self.weeks]
        week = _dimension("week", week_leaves, total_label="Total")

        def seen(family: str, name: str) -> set[str]:
            return {r[name] for r in self.family_rows[family]}

        def topics(family: str) -> Dimension:
            codes = seen(family, "topic")
            leaves = sorted(((c, topic_labels.get(c, c)) for c in codes), key=lambda x: x[1])
            return _dimension("topic", leaves)

        channel = _dimension("channel", _leaves(CHANNELS, seen("answers", "channel")))
        dispositions = _leaves(list(DISPOSITION_LABELS.items()), seen("answers", "disposition"))
        emergencies = [d.value for d in EMERGENCY_DISPOSITIONS]
        disposition = _dimension(
            "disposition", dispositions, [(EMERGENCY, "All emergencies", emergencies)]
        )
        outcome = _dimension("outcome", _leaves(OUTCOMES, seen("follow_up", "outcome")))
        got_help = _dimension("got_help", list(GOT_HELP))
        return {
            "place": Cube("place", "answers", (geo, week)),
            "channel": Cube("channel", "answers", (channel, week, flat)),
            "disposition": Cube("disposition", "answers", (disposition, week, flat)),
            "need": Cube("need", "answers", (topics("answers"), geo)),
            "unmet_place": Cube("unmet_place", "unmet", (geo, week)),
            "unmet_need": Cube("unmet_need", "unmet", (topics("unmet"), geo)),
            "follow_up": Cube("follow_up", "follow_up", (outcome, week, flat)),
            "got_help": Cube("got_help", "got_help", (got_help, week, flat)),
        }

    # --- views ---------------------------------------------------------------------------

    def tables(self, neighbourhood: str | None = None) -> list[Table]:
        """Every table on the dashboard, for the whole city or one neighbourhood."""
        return [self.table(spec, neighbourhood) for spec in TABLES]

    def table(self, spec_id: str, neighbourhood: str | None = None) -> Table:
        title, cube_id, layout = TABLES[spec_id]
        cube = self.cubes[cube_id]
        geo_code = neighbourhood or ALL
        if layout == "geo_by_week":
            geo, week = cube.dims
            rows = self._geo_rows(geo, neighbourhood)
            grid: list[list[tuple[int, ...]]] = [
                [(r, c) for c in range(len(week.lines))] for r in rows
            ]
            return self._table(spec_id, title, "Place", cube, rows, geo, week, grid)
        if layout in ("by_week", "emergency_by_week"):
            first, week, geo = cube.dims
            g = geo.index(geo_code)
            rows = list(range(len(first.lines)))
            if layout == "emergency_by_week":
                rows = [first.index(d.value) for d in EMERGENCY_DISPOSITIONS]
                rows.append(first.index(EMERGENCY))
            elif cube_id == "disposition":
                rows.remove(first.index(EMERGENCY))
            rows = [r for r in rows if self._worth_showing(cube, first, r, g)]
            grid = [[(r, c, g) for c in range(len(week.lines))] for r in rows]
            return self._table(spec_id, title, "", cube, rows, first, week, grid)
        topic, geo = cube.dims
        columns = self._geo_columns(geo, neighbourhood)
        rows = self._by_published_total(cube, topic, geo)
        grid = [[(r, c) for c in columns] for r in rows]
        return self._table(spec_id, title, "Need", cube, rows, topic, geo, grid, columns=columns)

    def _geo_rows(self, geo: Dimension, neighbourhood: str | None) -> list[int]:
        if neighbourhood is None:
            return list(range(len(geo.lines)))
        area = f"area:{self.geography.area_of(neighbourhood)}"
        return [geo.index(neighbourhood), geo.index(area), geo.index(ALL)]

    def _geo_columns(self, geo: Dimension, neighbourhood: str | None) -> list[int]:
        if neighbourhood is not None:
            return [geo.index(neighbourhood)]
        codes = [f"area:{a}" for a, _ in self.geography.areas] + [MANCHESTER, ALL]
        return [geo.index(c) for c in codes]

    def _by_published_total(self, cube: Cube, topic: Dimension, geo: Dimension) -> list[int]:
        """Biggest needs first, ordered by what is published (never by a hidden count)."""
        everywhere = geo.index(ALL)

        def published(r: int) -> int:
            text = self.shown[cube.keys[(r, everywhere)]]
            return 0 if text == disclosure.SUPPRESSED else int(text)

        leaves = [i for i, line in enumerate(topic.lines) if not line.parts]
        leaves.sort(key=lambda r: (-published(r), topic.lines[r].label))
        return [*leaves, topic.index(ALL)]

    def _worth_showing(self, cube: Cube, dim: Dimension, row: int, geo: int) -> bool:
        """A leaf row that is 0 in every week says nothing (an unused disposition)."""
        total = cube.dims[1].index(ALL)
        return bool(dim.lines[row].parts) or self.shown[cube.keys[(row, total, geo)]] != "0"

    def _table(self, spec_id, title, corner, cube, rows, row_dim, col_dim, grid, *,
               columns=None) -> Table:  # fmt: skip
        columns = columns if columns is not None else list(range(len(col_dim.lines)))
        keys = tuple(tuple(cube.keys[at] for at in line) for line in grid)
        return Table(
            id=spec_id,
            title=title,
            corner=corner,
            columns=tuple(col_dim.lines[c] for c in columns),
            rows=tuple(row_dim.lines[r] for r in rows),
            cells=tuple(tuple(self.shown[k] for k in line) for line in keys),
            keys=keys,
        )


TABLES = {  # id: (title, cube, layout)
    "place": ("Answers by place and week", "place", "geo_by_week"),
    "channel": ("Answers by channel and week", "channel", "by_week"),
    "need": ("Answers by need", "need", "need_by_geo"),
    "disposition": ("Where residents were sent, by week", "disposition", "by_week"),
    "emergencies": ("Emergency escalations by week", "disposition", "emergency_by_week"),
    "unmet_place": ("Unmet needs (no service found nearby) by place", "unmet_place", "geo_by_week"),
    "unmet_need": ("Unmet needs by need", "unmet_need", "need_by_geo"),
    "follow_up": ("Follow-up answers by week", "follow_up", "by_week"),
    "got_help": ("Got the help they needed, by week", "got_help", "by_week"),
}


__all__ = [
    "TABLES",
    "Geography",
    "Publication",
    "Table",
    "week_of",
    "weeks_between",
]
