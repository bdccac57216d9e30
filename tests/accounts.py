"""What web and browser tests share: a fresh app on its own database, and accounts on it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from navigator import create_app
from navigator.runtime import initialise
from navigator.store import users as user_store
from navigator.web.auth import hash_password


def fresh_app(db_path: Path, **config):
    """create_app on a new database, migrated and holding the built-in directory."""
    app = create_app({"NAVIGATOR_DATABASE": str(db_path), **config})
    initialise(app.config)
    return app


def add_accounts(
    conn: sqlite3.Connection,
    accounts: Iterable[tuple[str, str, str | None]],
    now: dt.datetime,
    password: str,
) -> None:
    """(email, role, organisation id) each, all with the same password."""
    hashed = hash_password(password)
    for email, role, organisation in accounts:
        user_store.create_user(
            conn, email=email, role=role, organisation_id=organisation, now=now,
            password_hash=hashed,
        )  # fmt: skip
