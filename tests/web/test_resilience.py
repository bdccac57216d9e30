"""Issue 14 in the fast suite: the webhook under a locked database, the opt-out journal,
replays after a purge, rate limits, hostile input, caching and privacy defaults."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from navigator import create_app, optout_journal
from navigator.core.privacy import pseudonym
from navigator.db import connect
from navigator.runtime import initialise
from navigator.settings import RateLimits
from navigator.store import events as event_store
from navigator.store.retention import purge_older_than
from tests.web.test_sms import PHONE, PUBLIC, TOKEN, messages, sms


@pytest.fixture
def app(db_path):
    app = create_app(
        {
            "NAVIGATOR_DATABASE": str(db_path),
            "TESTING": True,
            "TWILIO_AUTH_TOKEN": TOKEN,
            "NAVIGATOR_PUBLIC_URL": PUBLIC,
            "NAVIGATOR_WEBHOOK_BUSY_MS": "300",
        }
    )
    initialise(app.config)
    return app


class WriteLock:
    """Another process's write transaction, held until released."""

    def __init__(self, db_path):
        self.conn = sqlite3.connect(db_path, isolation_level=None)
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT OR REPLACE INTO health_beats (id, at) VALUES (9, 'lock')")

    def release(self):
        self.conn.execute("ROLLBACK")
        self.conn.close()


def _key(app) -> str:
    return pseudonym(PHONE, app.config["NAVIGATOR_PSEUDONYM_KEY"])


def _opted_out(db_path, key) -> bool | None:
    conn = connect(db_path)
    try:
        row = conn.execute("SELECT opted_out FROM conversations WHERE key = ?", (key,)).fetchone()
        return None if row is None else bool(row["opted_out"])
    finally:
        conn.close()


def test_a_locked_database_gets_the_static_reply_fast_and_healthz_says_so(client, db_path):
    assert client.get("/healthz").status_code == 200
    messages(sms(client, "hello"))  # the first turn loads the knowledge: not what is timed
    lock = WriteLock(db_path)
    try:
        started = time.perf_counter()
        texts = messages(sms(client, "sore throat"))
        took = time.perf_counter() - started
        health = client.get("/healthz")
        ready = client.get("/readyz")
    finally:
        lock.release()
    assert took < 2.0 and "999" in texts[0] and "111" in texts[0]
    assert health.status_code == 503 and health.get_json()["database"] == "not writable"
    assert ready.status_code == 503
    assert client.get("/healthz").status_code == 200 and client.get("/livez").status_code == 200


def test_a_stop_during_an_outage_is_journalled_then_applied_exactly_once(app, client, db_path):
    key = _key(app)
    messages(sms(client, "sore throat"))
    lock = WriteLock(db_path)
    try:
        (reply,) = messages(sms(client, "STOP", sid="SMstop"))
    finally:
        lock.release()
    assert "no more texts" in reply
    journal = optout_journal.path_for(app.config)
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    assert json.loads(journal.read_text())["key"] == key and PHONE not in journal.read_text()
    assert _opted_out(db_path, key) is False  # not yet: the database was locked
    assert client.get("/healthz").status_code == 200  # a healthy probe replays the journal
    assert _opted_out(db_path, key) is True and journal.stat().st_size == 0
    messages(sms(client, "START"))
    assert _opted_out(db_path, key) is False
    # A crash between the commit and truncating the file leaves the entry behind: it is
    # recognised and not applied again (the resident's later START stands).
    now = dt.datetime.now(dt.UTC)
    optout_journal.append(journal, "SMstop", key, "sms", optout_journal.STOP, now)
    conn = connect(db_path)
    try:
        assert optout_journal.replay(conn, journal, now) == 0
    finally:
        conn.close()
    assert _opted_out(db_path, key) is False


def test_the_journal_is_replayed_before_the_next_message_is_handled(app, client, db_path):
    lock = WriteLock(db_path)
    try:
        messages(sms(client, "STOP"))
    finally:
        lock.release()
    messages(sms(client, "sore throat"))  # answered, but after the journalled STOP...
    assert _opted_out(db_path, _key(app)) is True  # ...so the turn did not overwrite it


def test_a_replayed_webhook_after_a_purge_changes_nothing(client, db_path):
    request = {"sid": "SMreplayed000000000000000000000001", "body": "sore throat"}
    first = messages(sms(client, request["body"], sid=request["sid"]))
    assert first
    conn = connect(db_path)
    try:
        with conn:
            purge_older_than(conn, dt.datetime.now(dt.UTC) + dt.timedelta(days=2), 0)
        events_before = len(event_store.all_events(conn))
        conversations_before = conn.execute("SELECT COUNT(*) FROM conversations").fetchone()[0]
        replayed = messages(sms(client, request["body"], sid=request["sid"]))
        assert replayed == []  # recognised: the ids outlive the purge, the replies do not
        assert len(event_store.all_events(conn)) == events_before
        assert conn.execute("SELECT COUNT(*) FROM conversations").fetchone()[0] == (
            conversations_before
        )
    finally:
        conn.close()


def test_sms_is_limited_per_sender_but_stop_always_gets_through(app, client, db_path):
    app.config["NAVIGATOR_SMS_RATE_LIMIT"] = RateLimits("3 per minute")
    for _ in range(3):
        assert messages(sms(client, "sore throat"))
    assert messages(sms(client, "sore throat")) == []  # over the limit: no reply, no cost
    assert messages(sms(client, "hello", phone="+447700900124"))  # another resident is fine
    assert "no more texts" in messages(sms(client, "STOP"))[0]
    assert _opted_out(db_path, _key(app)) is True


@pytest.mark.parametrize("body", ["sore throat \x00\x07", "toothache \ufffd\u200b", "\ufeffcough"])
def test_hostile_sms_bodies_get_a_real_answer(client, body):
    (reply,) = messages(sms(client, body))[:1]
    assert "Sorry, we cannot answer" not in reply


def _csrf(client) -> str:
    html = client.get("/chat").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("path", ["/api/v1/navigate", "/chat/messages"])
@pytest.mark.parametrize("depth", [50, 1000, 100_000 // 2])
def test_deeply_nested_json_is_a_400_never_a_500(client, path, depth):
    body = '{"text": ' + "[" * depth + "]" * depth + "}"
    response = client.post(path, data=body, content_type="application/json")
    assert response.status_code in (400, 413), response.status_code


def test_lone_surrogates_are_cleaned_for_the_api_and_chat(client):
    raw = '{"text": "sore throat \\ud800 and \\udfff"}'
    response = client.post("/api/v1/navigate", data=raw, content_type="application/json")
    assert response.status_code == 200 and response.get_json()["disposition"] == "pharmacy"
    token = _csrf(client)
    raw = '{"text": "toothache \\ud83d"}'
    chat = client.post(
        "/chat/messages", data=raw, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert chat.status_code == 200
    assert "Sorry, we cannot answer" not in chat.get_json()["replies"][0]["text"]
    assert "\ufffd" in client.get("/chat").get_data(as_text=True)


def test_public_posts_are_limited_per_client_address(app):
    app.config["NAVIGATOR_PUBLIC_RATE_LIMIT"] = "3 per minute"
    limited = create_app({**app.config, "NAVIGATOR_PUBLIC_RATE_LIMIT": "3 per minute"})
    one = limited.test_client()
    for _ in range(3):
        assert one.post("/api/v1/navigate", json={"text": "cough"}).status_code == 200
    refused = one.post("/api/v1/navigate", json={"text": "cough"})
    assert refused.status_code == 429 and "error" in refused.get_json()
    spoofed = one.post(
        "/api/v1/navigate", json={"text": "cough"}, headers={"X-Forwarded-For": "192.0.2.7"}
    )
    assert spoofed.status_code == 429  # no trusted proxy configured: the header is ignored
    other = limited.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.8"
    assert other.post("/api/v1/navigate", json={"text": "cough"}).status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_address_counts(app):
    behind = create_app(
        {
            **app.config,
            "NAVIGATOR_PUBLIC_RATE_LIMIT": "2 per minute",
            "NAVIGATOR_TRUSTED_PROXIES": 1,
        }
    )
    client = behind.test_client()
    for address in ("192.0.2.1", "192.0.2.1"):
        headers = {"X-Forwarded-For": address}
        assert (
            client.post("/api/v1/navigate", json={"text": "x"}, headers=headers).status_code == 200
        )
    headers = {"X-Forwarded-For": "192.0.2.1"}
    assert client.post("/api/v1/navigate", json={"text": "x"}, headers=headers).status_code == 429
    headers = {"X-Forwarded-For": "192.0.2.2"}
    assert client.post("/api/v1/navigate", json={"text": "x"}, headers=headers).status_code == 200


def test_chat_transcripts_do_not_keep_phone_numbers_or_emails(client, db_path):
    token = _csrf(client)
    client.post(
        "/chat/messages",
        json={"text": "call me on 07700 900123 or jo@example.org, sore throat"},
        headers={"X-CSRFToken": token},
    )
    conn = connect(db_path)
    try:
        stored = " ".join(r["data"] for r in conn.execute("SELECT data FROM conversations"))
    finally:
        conn.close()
    assert "900123" not in stored and "jo@example.org" not in stored and "[phone]" in stored


def test_pages_with_resident_data_are_never_cached(client):
    assert client.get("/chat").headers["Cache-Control"] == "no-store"
    api = client.post("/api/v1/navigate", json={"text": "cough"})
    assert api.headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")


def test_the_database_file_is_created_private(db_path, app):
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{db_path}{suffix}")
        if path.exists():
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, suffix
