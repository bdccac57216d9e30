"""Per-request database connection and the per-process navigator, wired into Flask."""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request

from navigator.db import BUSY_TIMEOUT_MS, connect
from navigator.runtime import build_navigator


def get_db():
    """This request's connection; the SMS webhook's waits only NAVIGATOR_WEBHOOK_BUSY_MS for a
    lock, so a locked database means a fast static reply, not a queue of silent phones."""
    if "db" not in g:
        busy_ms = BUSY_TIMEOUT_MS
        if has_request_context() and request.blueprint == "sms":
            busy_ms = current_app.config["NAVIGATOR_WEBHOOK_BUSY_MS"]
        g.db = connect(current_app.config["NAVIGATOR_DATABASE"], busy_ms=busy_ms)
    return g.db


def close_db(_exc=None) -> None:
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


def get_navigator():
    """A navigator bound to this request's connection (the indexes behind it are shared)."""
    if "navigator" not in g:
        g.navigator = build_navigator(
            get_db(), current_app.config["NAVIGATOR_PUBLIC_URL"], demo_mode=demo_mode()
        )
    return g.navigator


def demo_mode() -> bool:
    """A demo deployment (NAVIGATOR_DEMO_MODE): invented entries shown, every page says so."""
    return current_app.config["NAVIGATOR_DEMO_MODE"]


def init_app(app: Flask) -> None:
    """Connection hooks only: the database is made ready by navigator.runtime.initialise."""
    app.teardown_appcontext(close_db)
    app.context_processor(lambda: {"demo_mode": demo_mode()})
