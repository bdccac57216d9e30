"""Staff summaries: NHS England's disclosure rule, and no hidden count recoverable by
differencing anything published (rows, columns, totals, other tables, filtered views, CSV).

The attacker and the true counts here are written independently of navigator/core: truth is
counted event by event from each line's leaves, and the attacker differences every sum the
page shows, over and over, until it learns nothing more."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from itertools import product

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from navigator.core.places.neighbourhoods import load_neighbourhoods
from navigator.core.reporting import disclosure
from navigator.core.reporting.csvexport import csv_text, neutralise
from navigator.core.reporting.summaries import TABLES, Geography, Publication, weeks_between

GEOGRAPHY = Geography.from_yaml_data(load_neighbourhoods())
FIRST_MONDAY = dt.date(2026, 11, 2)
PLACES = [n for n, _, _ in GEOGRAPHY.neighbourhoods]


# --- the rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, "0"), (1, "*"), (7, "*"), (8, "10"), (12, "10"), (13, "15"), (17, "15"), (18, "20")],
)
def test_nhs_england_rule(count, shown):
    assert disclosure.primary(count) == shown


def test_rounding_alone_would_reveal_a_one_so_another_cell_is_hidden():
    counts = {"a": 8, "b": 8, "c": 1, "total": 17}
    relations = [("total", ("a", "b", "c"))]
    naive = {k: disclosure.primary(v) for k, v in counts.items()}
    assert naive == {"a": "10", "b": "10", "c": "*", "total": "15"}
    low, high = disclosure.difference_bounds(naive, relations)["c"]
    assert (low, high) == (1, 1)  # 17 - 16: the reader knows c is 1
    assert disclosure.exposed_by((low, high), (1, disclosure.UNBOUNDED))
    shown = disclosure.protect(counts, relations)
    assert sum(v == "*" for v in shown.values()) >= 2
    low, high = disclosure.difference_bounds(shown, relations)["c"]
    assert disclosure.candidates(low, high) >= disclosure.MIN_CANDIDATES


def test_a_lone_hidden_cell_in_a_row_gets_a_partner():
    counts = {"a": 7, "b": 12, "total": 19}  # shown 20 - 10 would say 6 or 7
    shown = disclosure.protect(counts, [("total", ("a", "b"))])
    assert shown["a"] == "*" and shown["b"] == "*" and shown["total"] == "20"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\0x", "'\0x"),
        ("Gorton", "Gorton"),
        ("15", "15"),
        ("*", "*"),
    ],
)
def test_csv_cells_are_neutralised(cell, safe):
    assert neutralise(cell) == safe


# --- random event tables ----------------------------------------------------------------------

event = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["answer", "answer", "answer", "nudge_reply", "got_help"]),
        "day": st.integers(0, 13),
        "channel": st.sampled_from(["sms", "web"]),
        "neighbourhood": st.sampled_from([*PLACES[:5], PLACES[8], None]),
        "outside_manchester": st.booleans(),
        "topic": st.sampled_from(["sore_throat", "food_bank", None]),
        "disposition": st.sampled_from(["pharmacy", "community", "emergency_999", "a_and_e"]),
        "unmet_need": st.booleans(),
        "nudge_outcome": st.sampled_from(["better", "same", "worse"]),
        "got_help": st.booleans(),
    }
)
# A few groups repeated many times, so counts land on both sides of 8 and near multiples of 5.
tables_of_events = st.lists(st.tuples(event, st.integers(1, 12)), max_size=14).map(
    lambda groups: [e for e, times in groups for _ in range(times)]
)


def as_events(drawn: list[dict]) -> list[dict]:
    out = []
    for e in drawn:
        day = FIRST_MONDAY + dt.timedelta(days=e["day"])
        out.append({**{k: v for k, v in e.items() if k != "day"}, "hour": f"{day}T10:00"})
    return out


def truth(publication: Publication, events: list[dict]) -> dict[tuple, int]:
    """Every cell counted event by event, from its lines' leaves (not the module's sums)."""
    known = set(PLACES)
    families = {
        "answers": lambda e: e["kind"] == "answer",
        "unmet": lambda e: e["kind"] == "answer" and e["unmet_need"],
        "follow_up": lambda e: e["kind"] == "nudge_reply",
        "got_help": lambda e: e["kind"] == "got_help",
    }

    def value(e: dict, dim: str) -> str:
        if dim == "week":
            day = dt.date.fromisoformat(e["hour"][:10])
            return (day - dt.timedelta(days=day.weekday())).isoformat()
        if dim == "geo":
            nb = e["neighbourhood"]
            return nb if nb in known else ("outside" if e["outside_manchester"] else "not-given")
        if dim == "got_help":
            return "yes" if e["got_help"] else "no"
        field = {"outcome": "nudge_outcome"}.get(dim, dim)
        return e[field] or "none"

    def leaves(dimension, index: int) -> set[str]:
        line = dimension.lines[index]
        if not line.parts:
            return {line.code}
        return set().union(*(leaves(dimension, p) for p in line.parts))

    in_range = {w.isoformat() for w in publication.weeks}
    events = [e for e in events if value(e, "week") in in_range]
    counts: dict[tuple, int] = {}
    for cube in publication.cubes.values():
        rows = [e for e in events if families[cube.family](e)]
        for at in product(*(range(len(d.lines)) for d in cube.dims)):
            wanted = [(d.name, leaves(d, i)) for d, i in zip(cube.dims, at, strict=True)]
            n = sum(all(value(e, name) in codes for name, codes in wanted) for e in rows)
            key = cube.keys[at]
            assert counts.setdefault(key, n) == n, key  # one key means one count everywhere
            counts[key] = n
    return counts


def attack(publication: Publication, shown: dict) -> dict[tuple, tuple[float, float]]:
    """Difference every published sum (derived here from the tables' structure) until stable."""
    bounds = {}
    for key, text in shown.items():
        if text == "*":
            bounds[key] = (1, math.inf)
        elif text == "0":
            bounds[key] = (0, 0)
        else:
            bounds[key] = (int(text) - 2, int(text) + 2)
    sums = []
    for cube in publication.cubes.values():
        for at in product(*(range(len(d.lines)) for d in cube.dims)):
            for axis, dim in enumerate(cube.dims):
                parts = dim.lines[at[axis]].parts
                if parts:
                    cells = [(*at[:axis], p, *at[axis + 1 :]) for p in parts]
                    sums.append((cube.keys[at], [cube.keys[c] for c in cells]))
    for _ in range(1000):
        changed = False
        for total, parts in sums:
            t_low, t_high = bounds[total]
            new = {total: (max(t_low, sum(bounds[p][0] for p in parts)),
                           min(t_high, sum(bounds[p][1] for p in parts)))}  # fmt: skip
            for p in parts:
                others = [bounds[o] for o in parts if o is not p]
                low = max(bounds[p][0], t_low - sum(o[1] for o in others))
                high = min(bounds[p][1], t_high - sum(o[0] for o in others))
                new[p] = (low, high)
            for key, value in new.items():
                if value != bounds[key]:
                    bounds[key], changed = value, True
        if not changed:
            return bounds
    raise AssertionError("the attack did not settle")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables_of_events, st.integers(1, 2))
def test_no_hidden_count_can_be_recovered_from_any_table_total_view_or_export(drawn, n_weeks):
    events = as_events(drawn)
    weeks = weeks_between(FIRST_MONDAY, FIRST_MONDAY + dt.timedelta(weeks=n_weeks - 1))
    publication = Publication(events, GEOGRAPHY, weeks, {"sore_throat": "Sore throat"})
    true = truth(publication, events)
    assert set(true) == set(publication.shown)
    bounds = attack(publication, publication.shown)
    # What a reader learns from the zeros alone (0 stays 0): no suppression can hide that.
    floor = attack(publication, {k: "*" if c else "0" for k, c in true.items()})
    for key, count in true.items():
        shown = publication.shown[key]
        assert (shown == "0") == (count == 0), key  # 0 stays 0, and only 0 shows as 0
        if 0 < count < 8:
            assert shown == "*", key
            low, high = bounds[key]
            assert low <= count <= high, key  # the attacker's reasoning is sound...
            left = min(high, 7) - max(low, 1) + 1
            floor_left = min(floor[key][1], 7) - max(floor[key][0], 1) + 1
            # ...and learns little: at least 3 possible values, or nothing beyond the zeros
            assert left >= min(disclosure.MIN_CANDIDATES, floor_left), (key, low, high)
        elif shown != "*":
            assert shown == str(5 * round(count / 5)), key
    for neighbourhood in (None, PLACES[0], PLACES[8]):
        for table in publication.tables(neighbourhood):
            for texts, keys in zip(table.cells, table.keys, strict=True):
                assert list(texts) == [publication.shown[k] for k in keys]
            exported = list(csv.reader(io.StringIO(csv_text(table))))
            assert [row[1:] for row in exported[1:]] == [list(t) for t in table.cells]


def test_every_table_renders_for_the_city_and_each_neighbourhood():
    events = as_events(
        [
            {"kind": "answer", "day": d, "channel": "sms", "neighbourhood": nb,
             "outside_manchester": False, "topic": "food_bank", "disposition": "community",
             "unmet_need": d % 3 == 0, "nudge_outcome": "better", "got_help": True}
            for d in range(14) for nb in PLACES
        ]
    )  # fmt: skip
    weeks = weeks_between(FIRST_MONDAY, FIRST_MONDAY + dt.timedelta(days=13))
    publication = Publication(events, GEOGRAPHY, weeks)
    assert [t.id for t in publication.tables()] == list(TABLES)
    place = publication.table("place")
    assert place.cells[-1][-1] == "170"  # 168 answers, rounded to the nearest 5
    one = publication.table("place", PLACES[0])
    assert [r.code for r in one.rows] == [PLACES[0], "area:north", "all"]
    assert one.cells[0] == ("*", "*", "15")  # 7 a week is hidden; 14 rounds to 15
