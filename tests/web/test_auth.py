"""Accounts: argon2id hashes, throttling, CSRF, invitations, cookies and security headers."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from argon2 import extract_parameters

from navigator import create_app
from navigator.core.directory.profiles import Organisation
from navigator.db import connect
from navigator.runtime import initialise
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
    app = create_app(
        {
            "NAVIGATOR_DATABASE": str(db_path),
            "TESTING": True,
            "NAVIGATOR_CLOCK": lambda: clock["now"],
        }
    )
    initialise(app.config)
    return app


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


def test_repeated_wrong_passwords_from_one_address_are_delayed_progressively(
    client, editor, clock, now
):
    for _ in range(auth.LOGIN_FREE_ATTEMPTS):
        assert login(client, "editor@example.org", "guess").status_code == 401
    delayed = login(client, "editor@example.org")  # even the right password waits
    assert delayed.status_code == 429 and "Wait 1 seconds" in delayed.get_data(as_text=True)
    clock["now"] = now + dt.timedelta(seconds=1)
    assert login(client, "editor@example.org", "guess").status_code == 401  # 6th counted
    delayed = login(client, "editor@example.org")
    assert delayed.status_code == 429 and "Wait 2 seconds" in delayed.get_data(as_text=True)
    clock["now"] = now + dt.timedelta(seconds=3)
    assert login(client, "editor@example.org").status_code == 302


def test_wrong_passwords_from_one_address_never_lock_out_another_address(app, editor):
    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    for _ in range(20):
        assert login(attacker, "editor@example.org", "guess").status_code in (401, 429)
    assert login(attacker, "editor@example.org").status_code == 429
    owner = app.test_client()
    owner.environ_base["REMOTE_ADDR"] = "198.51.100.4"
    assert login(owner, "editor@example.org").status_code == 302


def test_a_forged_forwarded_for_header_does_not_move_the_throttle(app, editor):
    client = app.test_client()
    for n in range(auth.LOGIN_FREE_ATTEMPTS):
        spoofed = {"X-Forwarded-For": f"198.51.100.{n}"}
        token = csrf_of(client)
        data = {"email": "editor@example.org", "password": "guess", "csrf_token": token}
        assert client.post("/login", data=data, headers=spoofed).status_code == 401
    assert login(client, "editor@example.org").status_code == 429


def test_concurrent_wrong_passwords_are_counted_atomically(app, editor, monkeypatch):
    import threading

    app.config["WTF_CSRF_ENABLED"] = False
    checks = []
    real_verify = auth.verify_password

    def counting_verify(stored, password):
        checks.append(password)
        return real_verify(stored, password)

    monkeypatch.setattr(auth, "verify_password", counting_verify)
    barrier = threading.Barrier(40)
    codes = []

    def guess():
        client = app.test_client()
        barrier.wait()
        data = {"email": "editor@example.org", "password": "guess"}
        codes.append(client.post("/login", data=data).status_code)

    threads = [threading.Thread(target=guess) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checks) == auth.LOGIN_FREE_ATTEMPTS
    assert sorted(set(codes)) == [401, 429] and codes.count(401) == auth.LOGIN_FREE_ATTEMPTS


def test_throttle_counts_live_in_the_database_across_apps(db_path, client, editor, clock):
    for _ in range(auth.LOGIN_FREE_ATTEMPTS):
        login(client, "editor@example.org", "guess")
    other_process = create_app(
        {
            "NAVIGATOR_DATABASE": str(db_path),
            "TESTING": True,
            "NAVIGATOR_CLOCK": lambda: clock["now"],
        }
    )
    assert login(other_process.test_client(), "editor@example.org").status_code == 429


def test_a_copied_session_cookie_stops_working_after_logout(app, client, editor):
    assert login(client, "editor@example.org").status_code == 302
    stolen = client.get_cookie("session").value
    assert client.get("/admin/").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_of(client, "/admin/")})
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    response = replay.get("/admin/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_password_change_ends_every_other_session(app, client, conn, editor):
    assert login(client, "editor@example.org").status_code == 302
    assert client.get("/admin/").status_code == 200
    user_store.set_password_hash(conn, editor.id, auth.hash_password("a new long password"))
    assert client.get("/admin/").status_code == 302


def test_staff_sessions_end_when_idle_and_at_their_maximum_age(app, client, editor):
    seconds = {"now": 1_000_000.0}
    app.config["NAVIGATOR_SESSION_CLOCK"] = lambda: seconds["now"]
    app.config["NAVIGATOR_STAFF_IDLE_MINUTES"] = 30
    app.config["NAVIGATOR_STAFF_MAX_HOURS"] = 3
    assert login(client, "editor@example.org").status_code == 302
    for _ in range(6):  # in use every 29 minutes: the idle limit never bites...
        seconds["now"] += 29 * 60
        assert client.get("/admin/").status_code == 200
    seconds["now"] += 29 * 60  # ...but 3 h 23 min after login the session is over
    assert client.get("/admin/").status_code == 302
    assert login(client, "editor@example.org").status_code == 302
    seconds["now"] += 31 * 60
    assert client.get("/admin/").status_code == 302  # idle for 31 minutes


def test_session_protection_does_not_hash_client_headers(app):
    assert app.login_manager.session_protection is None


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
            "NAVIGATOR_PUBLIC_URL": "https://navigator.example.org",
            "NAVIGATOR_RATELIMIT_STORAGE": f"navigator+sqlite://{db_path}.limits",
        }
    )
    initialise(app.config)
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
