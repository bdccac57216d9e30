"""Directory maintenance: own entries only, review before residents see it, audit, reports."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from navigator import create_app
from navigator.core.directory import openinghours, openstatus
from navigator.core.directory.profiles import Coverage, Organisation, ServiceProfile, add_months
from navigator.db import connect
from navigator.runtime import initialise
from navigator.store import edits as edit_store
from navigator.store import organisations as org_store
from navigator.store import reports as report_store
from navigator.store import services as service_store
from navigator.store import users as user_store
from navigator.web import auth
from tests.web.test_auth import PASSWORD, csrf_of, login

GORTON = (53.4536, -2.1767)
OLD_HOURS = {"weekly": [{"day": "tue", "opens": "09:00", "closes": "12:00"}]}


def food_bank(service_id: str, org: str) -> ServiceProfile:
    return ServiceProfile(
        id=service_id,
        name=f"Zeta {service_id}",
        type="food_bank",
        organisation=org,
        dispositions=("community",),
        coverage=Coverage("neighbourhood", ("gorton-levenshulme",)),
        schedule=OLD_HOURS,
        postcode="M18 8LD",
        lat=GORTON[0],
        lon=GORTON[1],
        last_reviewed=dt.date(2026, 11, 1),
        source="test",
    )


@pytest.fixture
def clock(now):
    return {"now": now}


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
def conn(app, db_path, now):
    connection = connect(db_path)
    for org in ("org-a", "org-b"):
        service_store.upsert_organisation(connection, Organisation(org, org.upper()), now=now)
        service_store.upsert_service(connection, food_bank(f"{org}-food", org), now=now)
    hashed = auth.hash_password(PASSWORD)
    for email, role, org in (
        ("a@example.org", "org_editor", "org-a"),
        ("b@example.org", "org_editor", "org-b"),
        ("staff@example.org", "staff", None),
    ):
        user_store.create_user(
            connection, email=email, role=role, organisation_id=org, now=now, password_hash=hashed
        )
    yield connection
    connection.close()


@pytest.fixture
def editor(client, conn):
    assert login(client, "a@example.org").status_code == 302
    return client


def staff_client(app):
    client = app.test_client()
    assert login(client, "staff@example.org").status_code == 302
    return client


def edit_form(client, service_id: str, **changes) -> dict:
    """The edit page's own values (what a browser would send back), with changes."""
    page = client.get(f"/admin/services/{service_id}/edit").get_data(as_text=True)
    from navigator.core.editing.validation import form_from_profile
    from navigator.web.state import get_db

    with client.application.app_context():
        current = service_store.get_service(get_db(), service_id).to_dict()
    form = {k: v for k, v in form_from_profile(current).items() if v not in ("", None)}
    form["csrf_token"] = csrf_of(client, f"/admin/services/{service_id}/edit")
    assert "Opening hours" in page
    return {**form, **changes}


def navigate_hours(client, service_id: str) -> str | None:
    body = client.post("/api/v1/navigate", json={"text": "I need a food bank in Gorton"})
    found = [s for s in body.get_json()["services"] if s["id"] == service_id]
    return found[0]["open_status"] if found else None


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/admin/services/{id}/edit"),
        ("post", "/admin/services/{id}/edit"),
        ("get", "/admin/services/{id}/history"),
        ("post", "/admin/services/{id}/verify"),
        ("post", "/admin/services/{id}/today"),
    ],
)
def test_editor_cannot_reach_another_organisations_service(editor, method, path):
    token = csrf_of(editor, "/admin/")
    for service_id in ("org-b-food", "no-such-service"):
        url = path.format(id=service_id)
        response = getattr(editor, method)(url, data={"csrf_token": token, "switch": "closed"})
        assert response.status_code == 404, url


def test_editor_dashboard_lists_only_their_services(editor):
    page = editor.get("/admin/").get_data(as_text=True)
    assert "org-a-food" in page and "org-b-food" not in page


def test_policies_turn_away_anonymous_and_non_staff(client, editor, app):
    anonymous = app.test_client()
    assert anonymous.get("/admin/").status_code == 302
    assert "/login" in anonymous.get("/admin/review/").headers["Location"]
    assert editor.get("/admin/review/").status_code == 403
    assert editor.get("/admin/review/users").status_code == 403


def test_unapproved_change_never_reaches_residents_until_staff_approve(app, editor, conn):
    assert navigate_hours(editor, "org-a-food") is not None
    before_status = navigate_hours(editor, "org-a-food")
    form = edit_form(
        editor, "org-a-food", hours_tue="", hours_wed="00:00-23:59", hours_sat="07:07-07:08"
    )
    response = editor.post("/admin/services/org-a-food/edit", data=form)
    assert response.status_code == 302
    assert "Sent for review" in editor.get("/admin/").get_data(as_text=True)
    assert service_store.get_service(conn, "org-a-food").schedule["weekly"][0]["day"] == "tue"
    assert navigate_hours(editor, "org-a-food") == before_status  # residents see the old hours
    staff = staff_client(app)
    queue = staff.get("/admin/review/").get_data(as_text=True)
    assert "Opening hours" in queue and "Wed: 00:00-24:00" in queue  # 23:59 is midnight
    (edit,) = edit_store.pending_edits(conn)
    token = csrf_of(staff, "/admin/review/")
    approved = staff.post(f"/admin/review/edits/{edit.id}/approve", data={"csrf_token": token})
    assert approved.status_code == 302
    live = service_store.get_service(conn, "org-a-food")
    assert {s["day"] for s in live.schedule["weekly"]} == {"wed", "sat"}
    assert live.last_reviewed == dt.date(2026, 11, 24) and live.reviewed_by == "org-a"
    assert navigate_hours(editor, "org-a-food") != before_status
    history = editor.get("/admin/services/org-a-food/history").get_data(as_text=True)
    assert "approved" in history and "staff@example.org" in history


def test_rejection_reason_reaches_the_editor_and_nothing_goes_live(app, editor, conn):
    form = edit_form(editor, "org-a-food", name="Zeta Renamed")
    editor.post("/admin/services/org-a-food/edit", data=form)
    (edit,) = edit_store.pending_edits(conn)
    staff = staff_client(app)
    token = csrf_of(staff, "/admin/review/")
    no_reason = staff.post(f"/admin/review/edits/{edit.id}/reject", data={"csrf_token": token})
    assert no_reason.status_code == 302 and edit_store.pending_edits(conn)
    staff.post(
        f"/admin/review/edits/{edit.id}/reject",
        data={"csrf_token": token, "reason": "Name must match the charity register"},
    )
    assert service_store.get_service(conn, "org-a-food").name == "Zeta org-a-food"
    assert "Name must match the charity register" in editor.get("/admin/").get_data(as_text=True)
    again = staff.post(f"/admin/review/edits/{edit.id}/approve", data={"csrf_token": token})
    assert again.status_code == 302
    assert service_store.get_service(conn, "org-a-food").name == "Zeta org-a-food"


def test_trusted_organisation_changes_go_live_with_an_audit_row(editor, conn, now):
    org_store.set_trusted(conn, "org-a", True, now)
    editor.post(
        "/admin/services/org-a-food/edit",
        data=edit_form(editor, "org-a-food", phone="0161 234 5678"),
    )
    assert service_store.get_service(conn, "org-a-food").phone == "0161 234 5678"
    assert not edit_store.pending_edits(conn)
    (entry,) = [e for e in edit_store.history(conn, "org-a-food") if e.action == "applied"]
    assert entry.before["phone"] is None and entry.after["phone"] == "0161 234 5678"


def test_every_approved_or_applied_change_has_an_audit_row_with_before_and_after(
    app, editor, conn, now
):
    editor.post(
        "/admin/services/org-a-food/edit", data=edit_form(editor, "org-a-food", cost="free")
    )
    staff = staff_client(app)
    (edit,) = edit_store.pending_edits(conn)
    staff.post(
        f"/admin/review/edits/{edit.id}/approve",
        data={"csrf_token": csrf_of(staff, "/admin/review/")},
    )
    staff.post(
        "/admin/services/org-b-food/edit",
        data=edit_form(staff, "org-b-food", alert="Moving in January"),
    )
    rows = conn.execute(
        "SELECT action, before_json, after_json FROM audit_log WHERE action IN (?, ?)",
        (edit_store.APPROVED, edit_store.APPLIED),
    ).fetchall()
    assert sorted(r["action"] for r in rows) == ["applied", "approved"]
    for row in rows:
        before, after = json.loads(row["before_json"]), json.loads(row["after_json"])
        assert before != after and before["id"] == after["id"]
    approved_ids = {r[0] for r in conn.execute("SELECT id FROM edits WHERE status = 'approved'")}
    audited = {
        r[0] for r in conn.execute("SELECT edit_id FROM audit_log WHERE action = 'approved'")
    }
    assert approved_ids == audited == {edit.id}


def test_validation_explains_itself_and_queues_nothing(editor, conn):
    form = edit_form(
        editor,
        "org-a-food",
        postcode="M13 OLN",
        phone="0161 234",
        hours_mon="9-5pm, lunch",
        age_min="20",
        age_max="10",
    )
    response = editor.post("/admin/services/org-a-food/edit", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "does not look like a UK postcode" in page and "not a valid UK phone number" in page
    assert "Monday" in page and "09:00-13:00" in page
    assert "The oldest age is below the youngest age" in page
    assert not edit_store.pending_edits(conn)


def test_still_accurate_resets_the_review_date_in_one_click(editor, conn, clock, now):
    clock["now"] = now + dt.timedelta(days=200)
    token = csrf_of(editor, "/admin/")
    assert "Not checked for 6 months" in editor.get("/admin/").get_data(as_text=True)
    editor.post("/admin/services/org-a-food/verify", data={"csrf_token": token})
    service = service_store.get_service(conn, "org-a-food")
    assert service.last_reviewed == clock["now"].date()
    assert service.next_review_due == add_months(clock["now"].date(), 6)
    assert edit_store.history(conn, "org-a-food")[0].action == "verified"


def test_closed_today_switch_shows_at_once_and_expires_at_midnight(editor, conn, now):
    token = csrf_of(editor, "/admin/")
    editor.post("/admin/services/org-a-food/today", data={"csrf_token": token, "switch": "full"})
    schedule = openinghours.Schedule.from_dict(
        service_store.get_service(conn, "org-a-food").schedule
    )
    today = openstatus.status_at(schedule, now)  # a Tuesday, inside 09:00-12:00
    assert not today.open_now
    assert "full today" in openstatus.describe(today, now)
    next_tuesday = now + dt.timedelta(days=7)
    assert openstatus.status_at(schedule, next_tuesday).open_now
    assert "Shown as full today" in editor.get("/admin/").get_data(as_text=True)
    editor.post("/admin/services/org-a-food/today", data={"csrf_token": token, "switch": "open"})
    schedule = openinghours.Schedule.from_dict(
        service_store.get_service(conn, "org-a-food").schedule
    )
    assert openstatus.status_at(schedule, now).open_now


def test_pending_edit_survives_a_switch_and_a_conflict_is_refused(app, editor, conn):
    editor.post(
        "/admin/services/org-a-food/edit",
        data=edit_form(editor, "org-a-food", hours_thu="10:00-11:00"),
    )
    token = csrf_of(editor, "/admin/")
    editor.post("/admin/services/org-a-food/today", data={"csrf_token": token, "switch": "closed"})
    editor.post(
        "/admin/services/org-a-food/edit",
        data=edit_form(editor, "org-a-food", website="https://a.example"),
    )
    first, second = edit_store.pending_edits(conn)
    staff = staff_client(app)
    token = csrf_of(staff, "/admin/review/")
    staff.post(f"/admin/review/edits/{second.id}/approve", data={"csrf_token": token})
    staff.post(f"/admin/review/edits/{first.id}/approve", data={"csrf_token": token})
    live = service_store.get_service(conn, "org-a-food")
    assert live.website == "https://a.example"
    assert {"day": "thu", "opens": "10:00", "closes": "11:00"} in live.schedule["weekly"]
    assert any(e["note"] == "unexpected closure" for e in live.schedule["exceptions"])
    editor.post("/admin/services/org-a-food/edit", data=edit_form(editor, "org-a-food", cost="£1"))
    staff.post("/admin/services/org-a-food/edit", data=edit_form(staff, "org-a-food", cost="£2"))
    (stale_edit,) = edit_store.pending_edits(conn)
    refused = staff.post(f"/admin/review/edits/{stale_edit.id}/approve", data={"csrf_token": token})
    assert "changed since this edit was made: cost" in staff.get(
        refused.headers["Location"]
    ).get_data(as_text=True)
    assert service_store.get_service(conn, "org-a-food").cost == "£2"


def test_resident_reports_reach_the_owner_and_staff(app, client, editor, conn, now):
    assert report_store.record_report(conn, "org-a-food", "closed", "sms", now)
    assert report_store.record_report(conn, "nope", "closed", "sms", now) is None
    public = app.test_client()
    path = "/report?service=org-a-food"
    sent = public.post(path, data={"reason": "wrong_hours", "csrf_token": csrf_of(public, path)})
    assert "Thank you" in sent.get_data(as_text=True)
    page = editor.get("/admin/").get_data(as_text=True)
    assert "It was closed" in page and "The opening hours were wrong" in page
    staff = staff_client(app)
    assert "The opening hours were wrong" in staff.get("/admin/review/").get_data(as_text=True)
    other = app.test_client()
    login(other, "b@example.org")
    report_id = report_store.open_reports(conn)[0].id
    token = csrf_of(other, "/admin/")
    denied = other.post(f"/admin/reports/{report_id}/resolve", data={"csrf_token": token})
    assert denied.status_code == 404
    editor.post(
        f"/admin/reports/{report_id}/resolve",
        data={"csrf_token": csrf_of(editor, "/admin/"), "resolution": "hours fixed"},
    )
    assert len(report_store.open_reports(conn, organisation_id="org-a")) == 1


def test_review_reminders_go_to_the_owners_outbox(app, conn, clock, now):
    clock["now"] = now + dt.timedelta(days=200)
    staff = staff_client(app)
    page = staff.get("/admin/review/").get_data(as_text=True)
    assert "Zeta org-a-food" in page
    staff.post("/admin/review/reminders", data={"csrf_token": csrf_of(staff, "/admin/review/")})
    emails = org_store.outbox_emails(conn)
    assert sorted(e.to_address for e in emails) == ["a@example.org", "b@example.org"]
    assert "/admin/services/org-a-food/edit" in emails[0].body


def test_staff_invite_a_user_and_trust_an_organisation(app, conn):
    staff = staff_client(app)
    token = csrf_of(staff, "/admin/review/users")
    page = staff.post(
        "/admin/review/users",
        data={
            "csrf_token": token,
            "email": "c@example.org",
            "role": "org_editor",
            "organisation": "org-b",
        },
    ).get_data(as_text=True)
    assert "/invite/" in page
    staff.post(
        "/admin/review/organisations/org-b/trust", data={"csrf_token": token, "trusted": "1"}
    )
    assert service_store.get_organisation(conn, "org-b").trusted
