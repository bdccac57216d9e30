"""Anonymised usage events and residents' reports of a wrong or closed service.

Events carry the hour, channel, neighbourhood, topic, disposition, service types offered,
red flag, unmet need, nudge outcome and whether they got help: no phone number, no
pseudonym, no free text, so no event can be linked to another or to a person.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

EVENT_FIELDS = (
    "kind",
    "hour",
    "channel",
    "neighbourhood",
    "outside_manchester",
    "topic",
    "disposition",
    "service_types",
    "red_flag",
    "unmet_need",
    "nudge_outcome",
    "got_help",
)


def _bool(value) -> int | None:
    return None if value is None else int(bool(value))


def record(conn: sqlite3.Connection, events: list[dict]) -> None:
    rows = [
        (
            e["kind"],
            e["hour"],
            e["channel"],
            e.get("neighbourhood"),
            int(bool(e.get("outside_manchester"))),
            e.get("topic"),
            e.get("disposition"),
            json.dumps(sorted(e.get("service_types") or [])),
            e.get("red_flag"),
            _bool(e.get("unmet_need")),
            e.get("nudge_outcome"),
            _bool(e.get("got_help")),
        )
        for e in events
    ]
    conn.executemany(
        f"INSERT INTO usage_events ({', '.join(EVENT_FIELDS)}) "  # noqa: S608 (fixed names)
        f"VALUES ({', '.join('?' * len(EVENT_FIELDS))})",
        rows,
    )


def all_events(conn: sqlite3.Connection) -> list[dict]:
    rows = conn.execute(f"SELECT {', '.join(EVENT_FIELDS)} FROM usage_events ORDER BY id")  # noqa: S608
    return [{**dict(r), "service_types": json.loads(r["service_types"])} for r in rows]


def record_service_report(
    conn: sqlite3.Connection, service_id: str, reason: str, channel: str, now: dt.datetime
) -> bool:
    """A resident's "WRONG 2": queued for the service's owner and staff. False when the
    service no longer exists."""
    if conn.execute("SELECT 1 FROM services WHERE id = ?", (service_id,)).fetchone() is None:
        return False
    conn.execute(
        "INSERT INTO service_reports (service_id, reason, channel, created_at) VALUES (?, ?, ?, ?)",
        (service_id, reason, channel, now.astimezone(dt.UTC).isoformat(timespec="seconds")),
    )
    return True
