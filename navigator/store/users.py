"""The only SQL for accounts: users, invitations and failed-login counts.

Nothing here sees a password or an invitation token in clear: callers pass the argon2id hash
and the token's SHA-256 digest (navigator/web/auth.py makes both). Login failures are counted
in the database, not in process memory, so throttling holds across several web processes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from dataclasses import dataclass

from navigator.db import transaction

ORG_EDITOR = "org_editor"
STAFF = "staff"
ADMIN = "admin"
CLINICAL_REVIEWER = "clinical_reviewer"  # reviews and approves clinical content and cases
ROLES = (ORG_EDITOR, STAFF, ADMIN, CLINICAL_REVIEWER)
STAFF_ROLES = frozenset({STAFF, ADMIN})
LOGIN_FAILURE_KEEP_HOURS = 1  # older failure rows are pruned: they no longer count


@dataclass(frozen=True)
class User:
    id: int
    email: str
    role: str
    organisation_id: str | None
    active: bool
    has_password: bool
    created_at: str
    last_login_at: str | None
    session_version: int = 0

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_clinical_reviewer(self) -> bool:
        return self.role == CLINICAL_REVIEWER


def utc_text(moment: dt.datetime) -> str:
    """Stored timestamps are UTC ISO text, so string order is time order."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def create_user(
    conn: sqlite3.Connection,
    *,
    email: str,
    role: str,
    organisation_id: str | None,
    now: dt.datetime,
    password_hash: str | None = None,
) -> User:
    """A new account; org editors must name an existing organisation, staff must not."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise ValueError(f"{email!r} is not an email address")
    if role not in ROLES:
        raise ValueError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if role == ORG_EDITOR:
        if not organisation_id:
            raise ValueError("an org_editor needs --organisation (an organisation id)")
        found = conn.execute("SELECT 1 FROM organisations WHERE id = ?", (organisation_id,))
        if found.fetchone() is None:
            raise ValueError(f"no organisation with id {organisation_id!r}")
    elif organisation_id:
        raise ValueError("staff, admin and clinical reviewer accounts belong to no organisation")
    if get_user_by_email(conn, email) is not None:
        raise ValueError(f"a user with email {email!r} already exists")
    with transaction(conn):
        cursor = conn.execute(
            "INSERT INTO users (email, password_hash, role, organisation_id, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (email, password_hash, role, organisation_id, utc_text(now)),
        )
    return get_user(conn, cursor.lastrowid)


def _user(row: sqlite3.Row | None) -> User | None:
    if row is None:
        return None
    return User(
        id=row["id"],
        email=row["email"],
        role=row["role"],
        organisation_id=row["organisation_id"],
        active=bool(row["active"]),
        has_password=row["password_hash"] is not None,
        created_at=row["created_at"],
        last_login_at=row["last_login_at"],
        session_version=row["session_version"],
    )


def get_user(conn: sqlite3.Connection, user_id: int) -> User | None:
    return _user(conn.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone())


def get_user_by_email(conn: sqlite3.Connection, email: str) -> User | None:
    row = conn.execute("SELECT * FROM users WHERE email = ?", (normalise_email(email),))
    return _user(row.fetchone())


def password_hash_of(conn: sqlite3.Connection, user_id: int) -> str | None:
    row = conn.execute("SELECT password_hash FROM users WHERE id = ?", (user_id,)).fetchone()
    return None if row is None else row["password_hash"]


def set_password_hash(conn: sqlite3.Connection, user_id: int, password_hash: str) -> None:
    if not password_hash.startswith("$argon2id$"):
        raise ValueError("store an argon2id hash, never a password")
    with transaction(conn):
        conn.execute(
            "UPDATE users SET password_hash = ?, session_version = session_version + 1 "
            "WHERE id = ?",
            (password_hash, user_id),
        )


def end_sessions(conn: sqlite3.Connection, user_id: int) -> None:
    """Every session cookie issued to this user so far stops working (logout, deactivation)."""
    with transaction(conn):
        conn.execute(
            "UPDATE users SET session_version = session_version + 1 WHERE id = ?", (user_id,)
        )


def record_login(conn: sqlite3.Connection, user_id: int, now: dt.datetime) -> None:
    with transaction(conn):
        conn.execute("UPDATE users SET last_login_at = ? WHERE id = ?", (utc_text(now), user_id))


def set_active(conn: sqlite3.Connection, user_id: int, active: bool) -> None:
    with transaction(conn):
        conn.execute(
            "UPDATE users SET active = ?, session_version = session_version + 1 WHERE id = ?",
            (int(active), user_id),
        )


def list_users(conn: sqlite3.Connection, *, organisation_id: str | None = None) -> list[User]:
    if organisation_id is None:
        rows = conn.execute("SELECT * FROM users ORDER BY email").fetchall()
    else:
        sql = "SELECT * FROM users WHERE organisation_id = ? AND active = 1 ORDER BY email"
        rows = conn.execute(sql, (organisation_id,)).fetchall()
    return [_user(r) for r in rows]


# --- invitations ------------------------------------------------------------------------------


def create_invitation(
    conn: sqlite3.Connection,
    user_id: int,
    token_hash: str,
    *,
    expires_at: dt.datetime,
    now: dt.datetime,
) -> None:
    with transaction(conn):
        conn.execute(
            "INSERT INTO invitations (token_hash, user_id, created_at, expires_at)"
            " VALUES (?, ?, ?, ?)",
            (token_hash, user_id, utc_text(now), utc_text(expires_at)),
        )


def invitation_user(conn: sqlite3.Connection, token_hash: str, now: dt.datetime) -> User | None:
    """The user an unused, unexpired invitation is for (without using it up)."""
    row = conn.execute(
        "SELECT user_id FROM invitations WHERE token_hash = ? AND used_at IS NULL"
        " AND expires_at > ?",
        (token_hash, utc_text(now)),
    ).fetchone()
    return None if row is None else get_user(conn, row["user_id"])


def use_invitation(
    conn: sqlite3.Connection, token_hash: str, password_hash: str, now: dt.datetime
) -> User | None:
    """Spend the invitation and set the password, all or nothing. A second use, an expired
    token or an unknown one returns None: the conditional UPDATE makes the race safe."""
    with transaction(conn, immediate=True):
        row = conn.execute(
            "UPDATE invitations SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"
            " AND expires_at > ? RETURNING user_id",
            (utc_text(now), token_hash, utc_text(now)),
        ).fetchone()
        if row is None:
            return None
        set_password_hash(conn, row["user_id"], password_hash)
    return get_user(conn, row["user_id"])


# --- login throttling -----------------------------------------------------------------------
# Counted per (account, address) pair, so nobody can slow down anyone else's logins; each
# attempt is reserved (counted) before its password is checked, inside one write transaction,
# so concurrent guesses cannot all slip under the limit.


def _key_hash(key: str) -> str:
    # Keys hold an email or an IP address: keep only a digest of them.
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def reserve_login_attempt(
    conn: sqlite3.Connection, key: str, now: dt.datetime, wait_after
) -> float:
    """Count one attempt for `key` and return 0, or return the seconds to wait (nothing
    counted). `wait_after(n)` is the delay required after the last of n counted failures."""
    cutoff = utc_text(now - dt.timedelta(hours=LOGIN_FAILURE_KEEP_HOURS))
    digest = _key_hash(key)
    with transaction(conn, immediate=True):
        conn.execute("DELETE FROM login_failures WHERE at < ?", (cutoff,))
        count, last = conn.execute(
            "SELECT COUNT(*), MAX(at) FROM login_failures WHERE key_hash = ?", (digest,)
        ).fetchone()
        if count and last:
            ready = dt.datetime.fromisoformat(last) + dt.timedelta(seconds=wait_after(count))
            if ready > now:
                return max(1.0, (ready - now).total_seconds())
        conn.execute(
            "INSERT INTO login_failures (key_hash, at) VALUES (?, ?)", (digest, utc_text(now))
        )
    return 0.0


def record_login_failure(conn: sqlite3.Connection, keys: list[str], now: dt.datetime) -> None:
    cutoff = utc_text(now - dt.timedelta(hours=LOGIN_FAILURE_KEEP_HOURS))
    with transaction(conn):
        conn.execute("DELETE FROM login_failures WHERE at < ?", (cutoff,))
        conn.executemany(
            "INSERT INTO login_failures (key_hash, at) VALUES (?, ?)",
            [(_key_hash(k), utc_text(now)) for k in keys],
        )


def recent_login_failures(
    conn: sqlite3.Connection, key: str, now: dt.datetime, window: dt.timedelta
) -> int:
    row = conn.execute(
        "SELECT COUNT(*) FROM login_failures WHERE key_hash = ? AND at > ?",
        (_key_hash(key), utc_text(now - window)),
    ).fetchone()
    return row[0]


def clear_login_failures(conn: sqlite3.Connection, key: str) -> None:
    with transaction(conn):
        conn.execute("DELETE FROM login_failures WHERE key_hash = ?", (_key_hash(key),))
