"""Probes, nothing secret in any of them.

- /livez: the process answers (no database call): restart the process only when this fails.
- /healthz: 200 only when the service can answer residents, i.e. the database takes a write
  (SPEC 6) within HEALTH_BUSY_MS; 503 otherwise. A healthy probe also replays the opt-out
  journal, so STOPs received during an outage are applied soon after it ends.
- /readyz: for load balancers: healthy, and the schema is up to date (no pending migration).
"""

from __future__ import annotations

import logging
import sqlite3

from flask import Blueprint, current_app

from navigator import optout_journal
from navigator.db import connect
from navigator.runtime import now_london
from navigator.service import health as health_service

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)
HEALTH_BUSY_MS = 500


def _check(*, schema: bool) -> tuple[dict, int]:
    config = current_app.config
    try:
        conn = connect(config["NAVIGATOR_DATABASE"], busy_ms=HEALTH_BUSY_MS)
    except (sqlite3.Error, OSError):
        return {"status": "unavailable", "database": "cannot open"}, 503
    try:
        journal = optout_journal.path_for(config)
        if health_service.check(conn, journal, now_london(), schema=schema):
            return {"status": "unavailable", "database": "schema out of date"}, 503
    except sqlite3.Error as exc:
        log.warning("health check: database not writable: %s", exc)
        return {"status": "unavailable", "database": "not writable"}, 503
    finally:
        conn.close()
    return {"status": "ok", "database": "writable"}, 200


@bp.get("/livez")
def livez():
    return {"status": "ok"}


@bp.get("/healthz")
def healthz():
    return _check(schema=False)


@bp.get("/readyz")
def readyz():
    return _check(schema=True)
