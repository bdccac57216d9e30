"""Accounts: argon2id hashes, throttling, CSRF, invitations, cookies and security headers."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from argon2 import extract_parameters

from navigator import create_app
from navigator.core.profiles import Organisation
from navigator.db import connect
from navigator.store import services as service_store
from navigator.store import users as user_store
from navigator.web import auth

PASSWORD = "correct horse battery staple"
CSRF_PATTERN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(client, path: str = "/login") -> str:
    return CSRF_PATTERN.search(client.get(path).get_data(as_text=True)).group(1)


def login(client, email: str, password: str = PASSWORD):
    token = csrf_of(client)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


@pytest.fixture
def clock(now):
    moment = {"now": now}
    return moment


@pytest.fixture
def app(db_path, clock):
    return create_app(
        {
            "NAVIGATOR_DATABASE": str(db_path),
            "TESTING": True,
            "NAVIGATOR_CLOCK": lambda: clock["now"],
        }
    )


@pytest.fixture
def conn(app, db_path):
    connection = connect(db_path)
    yield connection
    connection.close()


@pytest.fixture
def editor(conn, now):
    service_store.upsert_organisation(conn, Organisation("org-a", "Org A"), now=now)
    return user_store.create_user(
        conn,
        email="Editor@Example.org",
        role="org_editor",
        organisation_id="org-a",
        now=now,
        password_hash=auth.hash_password(PASSWORD),
    )


def test_password_is_stored_as_argon2id_with_the_minimum_cost(conn, editor):
    stored = user_store.password_hash_of(conn, editor.id)
    params = extract_parameters(stored)
    assert stored.startswith("$argon2id$")
    assert params.memory_cost >= 19 * 1024 and params.time_cost == 2 and params.parallelism == 1
    assert auth.verify_password(stored, PASSWORD) and not auth.verify_password(stored, "nope")


def test_password_is_never_stored_or_logged_in_clear(client, conn, editor, caplog):
    caplog.set_level(logging.DEBUG)
    assert login(client, "editor@example.org", "wrong " + PASSWORD).status_code == 401
    assert login(client, "editor@example.org").status_code == 302
    dump = "\n".join(conn.iterdump())
    assert PASSWORD not in dump and "wrong " + PASSWORD not in dump
    assert all(PASSWORD not in record.getMessage() for record in caplog.records)
    assert PASSWORD not in caplog.text


def test_login_sends_an_editor_to_their_entries(client, editor):
    response = login(client, "EDITOR@example.org ")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/")
    assert client.get("/admin/").status_code == 200


def test_form_post_without_csrf_token_is_rejected(client, editor):
    response = client.post("/login", data={"email": "editor@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/admin/").status_code == 302  # not logged in


def test_json_api_stays_csrf_exempt(client):
    assert client.post("/api/v1/navigate", json={"text": "sore throat"}).status_code == 200


def test_eleventh_wrong_password_in_a_minute_is_throttled(client, editor, clock, now):
    for _ in range(auth.LOGIN_FAILURES_ALLOWED):
        assert login(client, "editor@example.org", "guess").status_code == 401
    throttled = login(client, "editor@example.org")  # even the right password waits
    assert throttled.status_code == 429
    assert "Wait a minute" in throttled.get_data(as_text=True)
    clock["now"] = now + dt.timedelta(seconds=61)
    assert login(client, "editor@example.org").status_code == 302


def test_throttling_counts_per_address_too(client, conn, editor, now):
    for n in range(auth.LOGIN_FAILURES_ALLOWED):
        assert login(client, f"nobody{n}@example.org", "guess").status_code == 401
    assert login(client, "editor@example.org").status_code == 429


def test_throttle_counts_live_in_the_database_across_apps(db_path, client, editor, clock):
    for _ in range(auth.LOGIN_FAILURES_ALLOWED):
        login(client, "editor@example.org", "guess")
    other_process = create_app(
        {
            "NAVIGATOR_DATABASE": str(db_path),
            "TESTING": True,
            "NAVIGATOR_CLOCK": lambda: clock["now"],
        }
    )
    assert login(other_process.test_client(), "editor@example.org").status_code == 429


def test_invitation_link_sets_a_password_once_and_expires(app, client, conn, now, clock):
    user = user_store.create_user(
        conn, email="new@example.org", role="staff", organisation_id=None, now=now
    )
    link = auth.create_invitation_link(conn, user.id, now, "https://nav.example")
    token = link.rsplit("/", 1)[1]
    assert token not in "\n".join(conn.iterdump())  # only the digest is stored
    path = f"/invite/{token}"
    form = {"password": "a long new password", "confirm": "a long new password"}
    short = client.post(
        path, data={"password": "short", "confirm": "short", "csrf_token": csrf_of(client, path)}
    )
    assert short.status_code == 400
    done = client.post(path, data={**form, "csrf_token": csrf_of(client, path)})
    assert done.status_code == 302
    assert client.get(path).status_code == 404  # one-time
    late = auth.create_invitation_link(conn, user.id, now, "")
    clock["now"] = now + dt.timedelta(hours=auth.INVITATION_VALID_HOURS, seconds=1)
    assert client.get(late[late.index("/invite/") :]).status_code == 404


def test_next_parameter_cannot_redirect_off_site(client, editor):
    token = csrf_of(client)
    response = client.post(
        "/login",
        data={
            "email": "editor@example.org",
            "password": PASSWORD,
            "next": "//evil.example/x",
            "csrf_token": token,
        },
    )
    assert response.headers["Location"] == "/admin/"


def test_security_headers_and_cookie_flags(client, editor):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    cookie = login(client, "editor@example.org").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_cookies_are_secure(db_path):
    app = create_app(
        {
            "NAVIGATOR_DATABASE": str(db_path),
            "NAVIGATOR_ENV": "production",
            "NAVIGATOR_SECRET_KEY": "s" * 40,
            "NAVIGATOR_PSEUDONYM_KEY": "p" * 40,
        }
    )
    client = app.test_client()
    response = client.get("/login")
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in response.headers


def test_cli_creates_a_user_with_an_invitation_link(db_path, conn, now, monkeypatch):
    from click.testing import CliRunner

    from navigator.cli import cli

    monkeypatch.setenv("NAVIGATOR_DATABASE", str(db_path))
    service_store.upsert_organisation(conn, Organisation("org-a", "Org A"), now=now)
    args = [
        "users",
        "create",
        "--email",
        "a@example.org",
        "--role",
        "org_editor",
        "--organisation",
        "org-a",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "/invite/" in result.output
    user = user_store.get_user_by_email(conn, "a@example.org")
    assert user.organisation_id == "org-a" and not user.has_password
    missing = CliRunner().invoke(cli, [*args[:3], "b@example.org", *args[4:-1], "nope"])
    assert missing.exit_code != 0 and "no organisation" in missing.output
