"""How a ServiceProfile maps to the services table and its child rows, both ways.

The row mapping of store/services.py, shared by store/search.py and store/oruk.py: one query
for the services and one batched UNION query for their dispositions, needs and coverage, so
reading never goes N+1.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date

from navigator.core.directory.oruk_ids import service_uuid
from navigator.core.directory.profiles import (
    Coverage,
    ServiceProfile,
    canonical_schedule,
    review_due,
)

KM_PER_DEGREE_LAT = 111.32  # the bounding boxes of proximity searches
ID_BATCH_SIZE = 500  # ids per IN (...) list: far below SQLite's and PostgreSQL's limits
JSON_COLUMNS = ("access", "languages", "accessibility")
SCALAR_COLUMNS = (
    "name", "type", "description", "age_min_days", "age_max_days", "sex", "eligibility",
    "eligibility_text", "address", "postcode", "lat", "lon", "phone", "email", "website", "cost",
    "status", "alert", "reviewed_by", "source",
)  # fmt: skip


def stored_form(profile: ServiceProfile) -> ServiceProfile:
    """What get_service returns after storing this profile: review date filled in, child
    lists de-duplicated and sorted (their order carries no meaning)."""
    return dataclasses.replace(
        profile,
        next_review_due=review_due(profile),
        schedule=canonical_schedule(profile.schedule, f"service {profile.id!r}"),
        dispositions=tuple(sorted(set(profile.dispositions))),
        needs=tuple(sorted(set(profile.needs))),
        coverage=Coverage(profile.coverage.level, tuple(sorted(set(profile.coverage.codes)))),
    )


def row_values(profile: ServiceProfile) -> dict:
    row = {column: getattr(profile, column) for column in SCALAR_COLUMNS}
    row["organisation_id"] = profile.organisation
    row["coverage_level"] = profile.coverage.level
    row["schedule"] = json.dumps(profile.schedule, sort_keys=True)
    for column in JSON_COLUMNS:
        row[column] = json.dumps(list(getattr(profile, column)))
    row["last_reviewed"] = iso_or_none(profile.last_reviewed)
    row["next_review_due"] = iso_or_none(profile.next_review_due)
    row["demo"] = int(profile.demo)
    row["oruk_id"] = service_uuid(profile.id)  # the published UUID, for ORUK lookups
    return row


def replace_children(conn: sqlite3.Connection, profile: ServiceProfile) -> None:
    for table in ("service_dispositions", "service_needs", "service_coverage"):
        conn.execute(f"DELETE FROM {table} WHERE service_id = ?", (profile.id,))  # noqa: S608
    conn.executemany(
        "INSERT INTO service_dispositions (service_id, disposition) VALUES (?, ?)",
        [(profile.id, d) for d in profile.dispositions],
    )
    conn.executemany(
        "INSERT INTO service_needs (service_id, need) VALUES (?, ?)",
        [(profile.id, n) for n in profile.needs],
    )
    conn.executemany(
        "INSERT INTO service_coverage (service_id, level, code, type) VALUES (?, ?, ?, ?)",
        [(profile.id, level, code, profile.type) for level, code in profile.coverage.rows()],
    )


def sql_marks(values: Sequence) -> str:
    """Placeholders only: values always travel as parameters, never in the SQL text."""
    return ", ".join("?" for _ in values)


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def id_batches(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), ID_BATCH_SIZE):
        yield ids[start : start + ID_BATCH_SIZE]


def child_rows(conn: sqlite3.Connection, ids: list[str]) -> dict[str, dict[str, list]]:
    """One UNION query per batch of ids for all three child tables."""
    found: dict[str, dict[str, list]] = {i: {"d": [], "n": [], "c": []} for i in ids}
    for batch in id_batches(ids):
        marks = ", ".join("?" for _ in batch)
        sql = (
            f"SELECT service_id, 'd' AS kind, disposition AS a, NULL AS b"  # noqa: S608
            f" FROM service_dispositions WHERE service_id IN ({marks})"
            f" UNION ALL SELECT service_id, 'n', need, NULL FROM service_needs"
            f" WHERE service_id IN ({marks})"
            f" UNION ALL SELECT service_id, 'c', level, code FROM service_coverage"
            f" WHERE service_id IN ({marks})"
            " ORDER BY 1, 2, 3, 4"
        )
        for row in conn.execute(sql, batch * 3):
            value = row["a"] if row["kind"] != "c" else (row["a"], row["b"])
            found[row["service_id"]][row["kind"]].append(value)
    return found


def read_profiles(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[ServiceProfile]:
    if not rows:
        return []
    children = child_rows(conn, [r["id"] for r in rows])
    return [read_profile(row, children[row["id"]]) for row in rows]


def read_profile(row: sqlite3.Row, children: dict[str, list]) -> ServiceProfile:
    level = row["coverage_level"]
    codes = tuple(code for lvl, code in children["c"] if lvl == level and level != "city")
    values = {column: row[column] for column in SCALAR_COLUMNS}
    values.update(
        id=row["id"],
        organisation=row["organisation_id"],
        schedule=json.loads(row["schedule"] or "{}"),
        coverage=Coverage(level, codes),
        dispositions=tuple(children["d"]),
        needs=tuple(children["n"]),
        last_reviewed=date_or_none(row["last_reviewed"]),
        next_review_due=date_or_none(row["next_review_due"]),
        demo=bool(row["demo"]),
        **{column: tuple(json.loads(row[column] or "[]")) for column in JSON_COLUMNS},
    )
    return ServiceProfile(**values)


def iso_or_none(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def date_or_none(text: str | None) -> date | None:
    return None if not text else date.fromisoformat(text)
