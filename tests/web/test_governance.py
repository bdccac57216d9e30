"""Content governance on the web: the review queue, diffs, decisions (clinical reviewers
only, on exactly the text they saw), the audit, and the approved-only start-up check."""

from __future__ import annotations

import re

import pytest

from navigator.core.clinical import inventory
from navigator.db import connect
from navigator.service import clinical as service
from navigator.settings import load_settings
from navigator.store import clinical as clinical_store
from tests.accounts import add_accounts, fresh_app
from tests.web.test_auth import PASSWORD, csrf_of, login

ITEM = "red_flag:cardiac_chest_pain"


@pytest.fixture
def app(db_path, now):
    return fresh_app(db_path, TESTING=True, NAVIGATOR_CLOCK=lambda: now)


@pytest.fixture
def conn(app, db_path, now):
    connection = connect(db_path)
    accounts = (("doctor@example.org", "clinical_reviewer", None),
                ("staff@example.org", "staff", None))  # fmt: skip
    add_accounts(connection, accounts, now, PASSWORD)
    yield connection
    connection.close()


def logged_in(app, email):
    client = app.test_client()
    response = login(client, email)
    assert response.status_code == 302
    return client, response


def decide(client, content_id, sha, decision="approved", note="checked against NHS pages"):
    page = client.get(f"/staff/clinical/content/{content_id}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    return client.post(
        f"/staff/clinical/content/{content_id}",
        data={"decision": decision, "sha256": sha, "note": note,
              "csrf_token": token.group(1) if token else csrf_of(client)},
    )  # fmt: skip


def test_everything_is_draft_and_due_today(app, conn):
    client, response = logged_in(app, "doctor@example.org")
    assert response.headers["Location"].endswith("/staff/clinical/")
    html = client.get("/staff/clinical/").get_data(as_text=True)
    total = len(inventory.load_inventory(service.CONTENT_DIR))
    assert f"{total} items due or not approved" in html
    assert html.index("red_flag:") < html.index("topic:")  # safety rules first


def test_a_reviewer_approves_the_text_they_saw_and_it_is_audited(app, conn):
    client, _ = logged_in(app, "doctor@example.org")
    sha = inventory.load_inventory(service.CONTENT_DIR)[ITEM].sha256
    page = client.get(f"/staff/clinical/content/{ITEM}").get_data(as_text=True)
    assert "Never decided on" in page and 'class="diff-add"' in page
    assert decide(client, ITEM, "0" * 64).status_code == 302  # stale hash: refused
    assert not clinical_store.latest_decisions(conn)
    assert decide(client, ITEM, sha).status_code == 302
    state = service.state_of(conn, ITEM)
    assert state.status == "approved" and state.reviewer == "doctor@example.org"
    audit = client.get("/staff/clinical/audit").get_data(as_text=True)
    assert "approved" in audit and ITEM in audit and "doctor@example.org" in audit
    queue = client.get("/staff/clinical/").get_data(as_text=True)
    assert f">{ITEM}<" not in queue


def test_staff_can_look_but_not_decide(app, conn):
    client, _ = logged_in(app, "staff@example.org")
    assert client.get("/staff/clinical/").status_code == 200
    sha = inventory.load_inventory(service.CONTENT_DIR)[ITEM].sha256
    assert decide(client, ITEM, sha).status_code == 403
    assert not clinical_store.latest_decisions(conn)


def test_a_change_after_approval_is_draft_again_with_a_diff(app, conn, now, monkeypatch):
    item = inventory.load_inventory(service.CONTENT_DIR)[ITEM]
    service.decide(conn, ITEM, status="approved", seen_sha256=item.sha256, reviewer_id=None,
                   reviewer="doctor@example.org", note="", now=now, review_months=12)  # fmt: skip
    assert service.state_of(conn, ITEM).status == "approved"
    changed = item.text.replace("can be a heart attack", "may be a heart attack")
    edited = inventory.ContentItem(item.id, item.kind, item.title, item.path, changed, item.attrs)
    real = inventory.load_inventory

    def with_edit(content_dir):
        return {**real(content_dir), ITEM: edited}

    monkeypatch.setattr(service, "load_inventory", with_edit)
    state = service.state_of(conn, ITEM)
    assert state.status == "draft" and state.changed
    client, _ = logged_in(app, "doctor@example.org")
    page = client.get(f"/staff/clinical/content/{ITEM}").get_data(as_text=True)
    assert "changed since last decision" in page
    assert re.search(r'class="diff-add">\+ say: [^<]*may be a heart attack', page)
    assert re.search(r'class="diff-remove">- say: [^<]*can be a heart attack', page)


def test_the_safety_report_renders_for_staff(app, conn):
    client, _ = logged_in(app, "staff@example.org")
    html = client.get("/staff/clinical/safety-report").get_data(as_text=True)
    assert "<table>" in html and "HAZ-001" in html and "E6. First-contact" in html


def test_approved_only_refuses_to_start_with_unapproved_content(app, db_path):
    settings = load_settings(
        environ={},
        overrides={"NAVIGATOR_SERVE_APPROVED_ONLY": "true", "NAVIGATOR_DATABASE": str(db_path)},
    )
    refusal = service.approved_only_refusal(settings, lambda s: connect(s["NAVIGATOR_DATABASE"]))
    assert refusal and "not approved" in refusal
    settings["NAVIGATOR_SERVE_APPROVED_ONLY"] = False
    assert service.approved_only_refusal(settings, lambda s: connect(db_path)) is None
