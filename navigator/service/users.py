"""Application service for accounts: creating users and their one-time invitation links
(the review pages and `navigator users create`), and the steps of logging in, logging out and
accepting an invitation (web/auth.py owns the cookies and the password hashing)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import sqlite3

from navigator.db import transaction
from navigator.store.users import (
    ROLES,
    User,
    clear_login_failures,
    create_user,
    end_sessions,
    get_user,
    get_user_by_email,
    invitation_user,
    list_users,
    normalise_email,
    password_hash_of,
    reserve_login_attempt,
    set_password_hash,
    use_invitation,
    utc_text,
)
from navigator.store.users import create_invitation as _create_invitation
from navigator.store.users import record_login as _record_login

INVITATION_VALID_HOURS = 72


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_invitation_link(
    conn: sqlite3.Connection, user_id: int, now: dt.datetime, public_url: str
) -> str:
    """A one-time link that lets the user set a password; only its digest is stored."""
    token = secrets.token_urlsafe(32)
    expires = now + dt.timedelta(hours=INVITATION_VALID_HOURS)
    _create_invitation(conn, user_id, token_digest(token), expires_at=expires, now=now)
    return f"{public_url.rstrip('/')}/invite/{token}"


def invite_user(
    conn: sqlite3.Connection, *, email: str, role: str, organisation_id: str | None,
    now: dt.datetime, public_url: str,
) -> tuple[User, str]:  # fmt: skip
    """A new account and its one-time invitation link, all or nothing (no account is left
    that nobody can log in to). ValueError when the account is not allowed."""
    with transaction(conn, immediate=True):
        user = create_user(conn, email=email, role=role, organisation_id=organisation_id, now=now)
        return user, create_invitation_link(conn, user.id, now, public_url)


def complete_login(
    conn: sqlite3.Connection, user: User, pair: str, now: dt.datetime,
    *, new_hash: str | None = None,
) -> User:  # fmt: skip
    """A password that matched: store its rehash if the parameters changed, forget the
    pair's failures, record the login, all in one write transaction. Returns the user as
    stored now."""
    with transaction(conn, immediate=True):
        if new_hash is not None:
            set_password_hash(conn, user.id, new_hash)
            user = get_user(conn, user.id) or user  # the row was just written
        clear_login_failures(conn, pair)
        _record_login(conn, user.id, now)
    return user


__all__ = [
    "INVITATION_VALID_HOURS",
    "ROLES",
    "User",
    "complete_login",
    "create_invitation_link",
    "create_user",
    "end_sessions",
    "get_user",
    "get_user_by_email",
    "invitation_user",
    "invite_user",
    "list_users",
    "normalise_email",
    "password_hash_of",
    "reserve_login_attempt",
    "token_digest",
    "use_invitation",
    "utc_text",
]
