"""Each multi-step write use case in navigator/service/ is all or nothing: a failure after its
first write leaves nothing of it behind (the service owns one BEGIN IMMEDIATE transaction),
and web/, cli/, channels/ and scheduler.py never open transactions of their own."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

import pytest

from navigator import migrations
from navigator.core.directory.profiles import Coverage, Organisation, ServiceProfile
from navigator.db import connect
from navigator.service import clinical, editing, monitoring, reviewing, users
from navigator.store import clinical as clinical_store
from navigator.store import edits as edit_store
from navigator.store import organisations as org_store
from navigator.store import services as service_store
from navigator.store import users as user_store

ROOT = Path(__file__).resolve().parents[2]
HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"
NEW_HASH = "$argon2id$v=19$m=65536,t=3,p=4$bmV3c2FsdA$bmV3aGFzaG5ld2hhc2g"
LATER = dt.date(2027, 7, 1)  # every fixture entry (reviewed 2026-11-01) is stale by then


class Boom(RuntimeError):
    """The injected failure."""


def food_bank(service_id: str, org: str) -> ServiceProfile:
    return ServiceProfile(
        id=service_id, name=f"Zeta {service_id}", type="food_bank", organisation=org,
        dispositions=("community",), coverage=Coverage("neighbourhood", ("gorton-levenshulme",)),
        schedule={"weekly": [{"day": "tue", "opens": "09:00", "closes": "12:00"}]},
        postcode="M18 8LD", lat=53.4536, lon=-2.1767, last_reviewed=dt.date(2026, 11, 1),
        source="test",
    )  # fmt: skip


@pytest.fixture
def conn(db_path, now):
    connection = connect(db_path)
    migrations.migrate(connection)
    for org in ("org-a", "org-b"):
        service_store.upsert_organisation(connection, Organisation(org, org.upper()), now=now)
        service_store.upsert_service(connection, food_bank(f"{org}-food", org), now=now)
    for email, role, org in (
        ("a@example.org", "org_editor", "org-a"),
        ("b@example.org", "org_editor", "org-b"),
        ("staff@example.org", "staff", None),
    ):
        user_store.create_user(connection, email=email, role=role, organisation_id=org, now=now,
                               password_hash=HASH)  # fmt: skip
    yield connection
    connection.close()


def count(conn: sqlite3.Connection, sql: str, *params) -> int:
    return conn.execute(sql, params).fetchone()[0]


def fail_on_call(monkeypatch, owner, name: str, call: int) -> list:
    """Make owner.name raise Boom on its `call`-th call (earlier calls go through)."""
    real, calls = getattr(owner, name), []

    def wrapped(*args, **kwargs):
        calls.append(args)
        if len(calls) == call:
            raise Boom(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapped)
    return calls


# --- staff reminders: emails to every organisation's editors plus audit rows -----------------


def remind(conn, now) -> int:
    return reviewing.send_reminders(
        conn, today=LATER, subject="Please check", body_for=lambda s: f"{len(s)} entries",
        actor_id=3, actor="staff@example.org", now=now,
    )  # fmt: skip


def reminder_rows(conn) -> tuple[int, int]:
    emails = count(conn, "SELECT COUNT(*) FROM email_outbox")
    audits = count(conn, "SELECT COUNT(*) FROM audit_log WHERE action = ?", edit_store.REMINDED)
    return emails, audits


def test_reminders_queue_an_email_per_editor_and_audit_each_stale_entry(conn, now):
    assert remind(conn, now) == 2
    assert reminder_rows(conn) == (2, 2)
    assert sorted(e.to_address for e in org_store.outbox_emails(conn)) == [
        "a@example.org", "b@example.org",
    ]  # fmt: skip
    assert not conn.in_transaction


def test_a_reminder_failing_for_the_second_organisation_leaves_none_of_the_first(
    conn, now, monkeypatch
):
    # the first organisation's email and audit row are written, then the second email fails
    calls = fail_on_call(monkeypatch, org_store, "queue_email", 2)
    with pytest.raises(Boom):
        remind(conn, now)
    assert len(calls) == 2
    assert reminder_rows(conn) == (0, 0)
    assert not conn.in_transaction


def test_a_reminder_whose_audit_fails_queues_no_email(conn, now, monkeypatch):
    fail_on_call(monkeypatch, edit_store, "record_audit", 1)
    with pytest.raises(Boom):
        remind(conn, now)
    assert reminder_rows(conn) == (0, 0)


# --- editing: the save (trusted, live at once) or submit (waits for review) choice ----------


def save(conn, now, service_id="org-a-food", **changes) -> bool:
    service = service_store.get_service(conn, service_id)
    before = service.to_dict()
    after = {**before, **changes}
    return editing.save_edit(
        conn, service, before, after, actor_id=1, actor="a@example.org", is_staff=False,
        now=now, stamp={},
    )  # fmt: skip


def test_an_untrusted_change_waits_and_a_trusted_one_goes_live(conn, now):
    assert save(conn, now, name="Renamed pantry") is False
    assert service_store.get_service(conn, "org-a-food").name == "Zeta org-a-food"
    assert [e.status for e in edit_store.pending_edits(conn)] == ["pending"]
    org_store.set_trusted(conn, "org-b", True, now)
    assert save(conn, now, "org-b-food", name="Renamed larder") is True
    assert service_store.get_service(conn, "org-b-food").name == "Renamed larder"
    assert not conn.in_transaction


def test_a_submitted_change_whose_audit_fails_leaves_no_pending_edit(conn, now, monkeypatch):
    fail_on_call(monkeypatch, edit_store, "record_audit", 1)
    with pytest.raises(Boom):
        save(conn, now, name="Renamed pantry")
    assert count(conn, "SELECT COUNT(*) FROM edits") == 0
    assert count(conn, "SELECT COUNT(*) FROM audit_log") == 0


def test_a_trusted_change_whose_audit_fails_leaves_the_entry_as_it_was(conn, now, monkeypatch):
    org_store.set_trusted(conn, "org-a", True, now)
    fail_on_call(monkeypatch, edit_store, "record_audit", 1)
    with pytest.raises(Boom):
        save(conn, now, name="Renamed pantry")
    assert service_store.get_service(conn, "org-a-food").name == "Zeta org-a-food"
    assert count(conn, "SELECT COUNT(*) FROM audit_log") == 0


def test_trust_cannot_change_between_the_check_and_the_write(conn, db_path, now, monkeypatch):
    """The trust check runs under the write lock: another writer waits until the change is
    stored the way the check decided."""
    other = connect(db_path, busy_ms=0)
    real, refused = service_store.get_organisation, []

    def check_then_race(c, organisation_id):
        found = real(c, organisation_id)
        try:
            other.execute("UPDATE organisations SET trusted = 1 WHERE id = 'org-a'")
        except sqlite3.OperationalError as exc:
            refused.append(str(exc))
        return found

    monkeypatch.setattr(service_store, "get_organisation", check_then_race)
    try:
        assert save(conn, now, name="Renamed pantry") is False
    finally:
        other.close()
    assert refused and "locked" in refused[0]
    assert not real(conn, "org-a").trusted


# --- clinical monitoring: a case review that also opens an incident -------------------------


@pytest.fixture
def case_id(conn) -> int:
    clinical_store.record_cases(conn, [{"kind": "emergency", "hour": "2026-11-24T10:00",
                                        "channel": "sms", "text": "chest pain", "text_basis": "consented"}])  # fmt: skip
    return conn.execute("SELECT MAX(id) FROM clinical_cases").fetchone()[0]


def review(conn, case_id, now, incident=("Check the wording", "From review case")):
    return monitoring.review_case(
        conn, case_id, actor_id=3, actor="staff@example.org", note="right answer",
        withdraw_text=False, incident=incident, now=now,
    )  # fmt: skip


def test_a_case_review_opens_its_incident_and_links_it(conn, case_id, now):
    done, incident_id = review(conn, case_id, now)
    assert done and incident_id
    row = conn.execute("SELECT * FROM clinical_cases WHERE id = ?", (case_id,)).fetchone()
    assert row["status"] == "reviewed" and row["incident_id"] == incident_id
    actions = {r["action"] for r in clinical_store.audit_trail(conn)}
    assert {"incident_opened", "case_reviewed"} <= actions


def test_a_case_review_failing_after_the_incident_leaves_no_incident(
    conn, case_id, now, monkeypatch
):
    fail_on_call(monkeypatch, monitoring, "_review_case", 1)
    with pytest.raises(Boom):
        review(conn, case_id, now)
    assert count(conn, "SELECT COUNT(*) FROM incidents") == 0
    assert count(conn, "SELECT COUNT(*) FROM clinical_audit") == 0
    assert conn.execute("SELECT status FROM clinical_cases").fetchone()[0] == "open"


def test_a_case_already_reviewed_opens_no_second_incident(conn, case_id, now):
    assert review(conn, case_id, now)[0]
    assert review(conn, case_id, now) == (False, None)
    assert count(conn, "SELECT COUNT(*) FROM incidents") == 1


def test_a_bad_incident_stops_the_review(conn, case_id, now):
    with pytest.raises(ValueError):
        review(conn, case_id, now, incident=("Title", " "))
    assert conn.execute("SELECT status FROM clinical_cases").fetchone()[0] == "open"


# --- accounts and resident reports ----------------------------------------------------------


def test_an_invitation_that_fails_leaves_no_account(conn, now, monkeypatch):
    fail_on_call(monkeypatch, users, "_create_invitation", 1)
    with pytest.raises(Boom):
        users.invite_user(conn, email="c@example.org", role="staff", organisation_id=None,
                          now=now, public_url="https://nav.example")  # fmt: skip
    assert user_store.get_user_by_email(conn, "c@example.org") is None
    user, link = users.invite_user(conn, email="c@example.org", role="staff",
                                   organisation_id=None, now=now,
                                   public_url="https://nav.example")  # fmt: skip
    assert user.email == "c@example.org" and link.startswith("https://nav.example/invite/")


def test_a_login_that_fails_to_record_keeps_the_old_hash_and_the_failures(
    conn, now, monkeypatch
):
    user = user_store.get_user_by_email(conn, "a@example.org")
    pair = "a@example.org|127.0.0.1"
    user_store.record_login_failure(conn, [pair], now)
    fail_on_call(monkeypatch, users, "_record_login", 1)
    with pytest.raises(Boom):
        users.complete_login(conn, user, pair, now, new_hash=NEW_HASH)
    assert user_store.password_hash_of(conn, user.id) == HASH
    assert user_store.recent_login_failures(conn, pair, now, dt.timedelta(hours=1)) == 1
    monkeypatch.undo()
    users.complete_login(conn, user, pair, now, new_hash=NEW_HASH)
    assert user_store.password_hash_of(conn, user.id) == NEW_HASH
    assert user_store.recent_login_failures(conn, pair, now, dt.timedelta(hours=1)) == 0


def test_an_answer_report_whose_case_fails_leaves_no_event(conn, now, monkeypatch):
    fail_on_call(monkeypatch, clinical_store, "record_cases", 1)
    with pytest.raises(Boom):
        clinical.record_answer_report(conn, text="wrong", consented=False, topic=None,
                                      disposition=None, channel="web", now=now)  # fmt: skip
    assert count(conn, "SELECT COUNT(*) FROM usage_events") == 0


# --- callers leave transactions to the services ---------------------------------------------

CALLERS = ("navigator/web", "navigator/cli", "navigator/channels", "navigator/scheduler.py")


def test_web_cli_channels_and_scheduler_open_no_transactions():
    opened = []
    for caller in CALLERS:
        path = ROOT / caller
        for source in [path] if path.is_file() else sorted(path.rglob("*.py")):
            text = source.read_text(encoding="utf-8")
            if re.search(r"\btransaction\(|BEGIN|\.commit\(\)|SAVEPOINT", text):
                opened.append(str(source.relative_to(ROOT)))
    assert not opened
