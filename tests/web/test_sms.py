"""POST /sms/inbound end to end through the Flask test client, with real Twilio signatures."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from twilio.request_validator import RequestValidator

from navigator.core.conversation.replies import segments

TOKEN = "test-auth-token-0123456789abcdef"
PUBLIC = "https://navigator.example.org"
PHONE = "+447700900123"  # Ofcom drama range
LONDON = ZoneInfo("Europe/London")
_sids = itertools.count(1)


@pytest.fixture
def app(db_path):
    from navigator import create_app
    from navigator.runtime import initialise

    app = create_app(
        {
            "NAVIGATOR_DATABASE": str(db_path),
            "TESTING": True,
            "TWILIO_AUTH_TOKEN": TOKEN,
            "NAVIGATOR_PUBLIC_URL": PUBLIC,
        }
    )
    initialise(app.config)
    return app


@pytest.fixture
def fixed_now(monkeypatch, now):
    """The webhook reads the clock through runtime.now_london: pin it (a Tuesday morning)."""
    import navigator.web.sms as sms

    clock = {"now": now}
    monkeypatch.setattr(sms, "now_london", lambda: clock["now"])
    return clock


def sign(path: str, params: dict, url_base: str = PUBLIC, token: str = TOKEN) -> str:
    return RequestValidator(token).compute_signature(url_base + path, params)


def sms(client, body: str, *, sid: str | None = None, phone: str = PHONE, signature=None):
    params = {
        "From": phone,
        "To": "+447700900999",
        "Body": body,
        "MessageSid": sid or f"SM{next(_sids):032d}",
        "AccountSid": "AC" + "0" * 32,
    }
    headers = {
        "X-Twilio-Signature": signature if signature is not None else sign("/sms/inbound", params)
    }
    return client.post("/sms/inbound", data=params, headers=headers)


def messages(response) -> list[str]:
    assert response.status_code == 200, response.data
    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.data)  # noqa: S314 (our own TwiML)
    return [m.text or "" for m in root.iter("Message")]


def rows(db_path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_two_turn_sms_need_then_postcode_ends_in_local_open_services(client, fixed_now):
    (question,) = messages(sms(client, "im really lonely since my wife died"))
    assert "postcode" in question
    (answer, *rest) = messages(sms(client, "M18 8"))
    assert answer.startswith("Local services can help.")
    assert "1. " in answer, answer  # numbered services (real ones: national support lines)
    assert "Demo" not in answer  # demo mode is off: nothing invented
    assert all(segments(m) <= 3 for m in [question, answer, *rest])


def test_emergency_is_answered_on_the_first_message_with_no_question(client, fixed_now, db_path):
    (reply,) = messages(sms(client, "my husband has chest pain and is sweating and grey"))
    assert reply.startswith("Call 999 now.")
    assert "postcode" not in reply and "How old" not in reply and "YES" not in reply
    assert rows(db_path, "SELECT disposition, red_flag FROM usage_events")[0][0] == "emergency_999"


def _consent(client) -> None:
    messages(sms(client, "I feel lonely"))
    (*_, offer) = messages(sms(client, "Gorton"))  # the offer may follow a long answer
    assert "Reply YES" in offer
    (thanks,) = messages(sms(client, "Yes"))
    assert "We will text you" in thanks


def test_stop_cancels_pending_nudges_in_the_same_turn(client, fixed_now, db_path):
    _consent(client)
    assert rows(db_path, "SELECT status, phone FROM nudges") == [("pending", PHONE)]
    (reply,) = messages(sms(client, "STOP"))
    assert "no more texts" in reply
    assert rows(db_path, "SELECT status, phone FROM nudges") == [("cancelled", None)]
    assert rows(db_path, "SELECT opted_out FROM conversations") == [(1,)]


def test_a_retried_message_sid_is_answered_again_and_changes_nothing(client, fixed_now, db_path):
    first = messages(sms(client, "sore throat", sid="SMretry"))
    tables = ("conversations", "usage_events", "nudges", "inbound_messages")
    snapshot = [rows(db_path, f"SELECT * FROM {t}") for t in tables]  # noqa: S608
    again = messages(sms(client, "sore throat", sid="SMretry"))
    assert again == first
    assert [rows(db_path, f"SELECT * FROM {t}") for t in tables] == snapshot  # noqa: S608
    (next_reply,) = messages(sms(client, "4"))  # the conversation carried on once, not twice
    assert "postcode" in next_reply


@pytest.mark.parametrize("signature", ["", "bm90IGEgc2lnbmF0dXJl", None])
def test_wrong_or_missing_signatures_are_refused_with_nothing_written(client, db_path, signature):
    params = {"From": PHONE, "Body": "STOP", "MessageSid": "SMbad"}
    headers = {} if signature is None else {"X-Twilio-Signature": signature}
    response = client.post("/sms/inbound", data=params, headers=headers)
    assert response.status_code == 403
    for table in ("conversations", "inbound_messages", "usage_events", "nudges"):
        assert rows(db_path, f"SELECT count(*) FROM {table}") == [(0,)]  # noqa: S608


def test_a_signature_for_another_url_or_token_is_refused(client):
    params = {"From": PHONE, "Body": "hi", "MessageSid": "SMx"}
    as_flask_sees_it = sign("/sms/inbound", params, url_base="http://localhost")
    assert sms(client, "hi", signature=as_flask_sees_it).status_code == 403
    other_token = sign("/sms/inbound", params, token="another-token")
    assert sms(client, "hi", signature=other_token).status_code == 403


def test_bodies_over_16_kib_are_refused(client):
    params = {"From": PHONE, "Body": "a" * (17 * 1024), "MessageSid": "SMbig"}
    response = client.post(
        "/sms/inbound", data=params, headers={"X-Twilio-Signature": sign("/sms/inbound", params)}
    )
    assert response.status_code == 413


def test_a_locked_database_still_gets_the_999_and_111_reply(
    client, fixed_now, db_path, monkeypatch
):
    import navigator.db

    messages(sms(client, "hello"))  # schema and session exist
    monkeypatch.setattr(navigator.db, "BUSY_TIMEOUT_MS", 50)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        (reply,) = messages(sms(client, "sore throat"))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert "999" in reply and "111" in reply


def test_a_nudge_reply_of_3_escalates(client, app, fixed_now, db_path):
    from navigator.db import connect
    from navigator.scheduler import sweep_once
    from navigator.settings import load_settings
    from navigator.store import outbox

    _consent(client)
    (due_text,) = rows(db_path, "SELECT due_at FROM nudges")[0]
    due = dt.datetime.fromisoformat(due_text)
    settings = load_settings(overrides={"NAVIGATOR_DATABASE": str(db_path)})
    assert sweep_once(settings, lambda: due).sent == 1
    conn = connect(db_path)
    (nudge,) = outbox.messages(conn)
    conn.close()
    assert nudge["to_number"] == PHONE and "1 better, 2 same, 3 worse" in nudge["body"]
    fixed_now["now"] = due + dt.timedelta(hours=3)
    replies = messages(sms(client, "3"))
    assert replies[0].startswith("Sorry you are feeling worse.")
    assert "116 123" in replies[0]  # a social need getting worse: crisis lines as well
    assert rows(db_path, "SELECT status, outcome, phone FROM nudges") == [("sent", "worse", None)]
    assert ("nudge_reply", "worse") in rows(db_path, "SELECT kind, nudge_outcome FROM usage_events")


def test_a_health_nudge_reply_of_3_goes_up_a_level(client, fixed_now, db_path):
    from navigator.scheduler import sweep_once
    from navigator.settings import load_settings

    messages(sms(client, "sore throat"))
    messages(sms(client, "30"))
    messages(sms(client, "Gorton"))
    messages(sms(client, "YES"))
    (due_text,) = rows(db_path, "SELECT due_at FROM nudges")[0]
    due = dt.datetime.fromisoformat(due_text)
    sweep_once(load_settings(overrides={"NAVIGATOR_DATABASE": str(db_path)}), lambda: due)
    fixed_now["now"] = due + dt.timedelta(hours=1)
    (reply,) = messages(sms(client, "worse"))
    assert "Call 111" in reply
    assert "pharmacist can help" not in reply.split("\n")[1]


def test_status_callback_21610_marks_the_number_opted_out(client, fixed_now, db_path):
    _consent(client)
    params = {
        "MessageSid": "SMout",
        "MessageStatus": "undelivered",
        "ErrorCode": "21610",
        "To": PHONE,
    }
    response = client.post(
        "/sms/status", data=params, headers={"X-Twilio-Signature": sign("/sms/status", params)}
    )
    assert response.status_code == 204
    assert rows(db_path, "SELECT opted_out FROM conversations") == [(1,)]
    assert rows(db_path, "SELECT status FROM nudges") == [("cancelled",)]


def test_status_callback_needs_a_signature_too(client):
    assert client.post("/sms/status", data={"MessageSid": "SM1"}).status_code == 403
