"""Monitoring after go-live: suppressed views on a month of demo traffic, clinical review
cases with scrubbed text only where consented or identifier-free, the incident log."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from navigator import create_app, demo_traffic
from navigator.core.clinical import monitoring
from navigator.core.clinical.scrub import scrub
from navigator.db import connect
from navigator.runtime import LONDON, build_navigator, initialise
from navigator.service.clinical import record_answer_report
from navigator.store import clinical as clinical_store
from navigator.store import users as user_store
from navigator.web import auth
from tests.web.test_auth import PASSWORD, csrf_of, login

NOW = dt.datetime(2026, 11, 24, 10, 30, tzinfo=LONDON)
SHOWN = re.compile(r'<td class="num">([^<]*)</td>')


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("monitoring") / "navigator.sqlite3"
    app = create_app({"NAVIGATOR_DATABASE": str(db_path), "TESTING": True,
                      "NAVIGATOR_CLOCK": lambda: NOW})  # fmt: skip
    initialise(app.config)
    conn = connect(db_path)
    start = dt.datetime(2026, 10, 27, tzinfo=LONDON)
    demo_traffic.generate(conn, build_navigator(conn), app.config, start=start, days=28,
                          per_day=30)  # fmt: skip
    # The demo draws its feedback at random, and which texts it draws moves whenever triage
    # changes a conversation's length: one consented report with a name, said here, so the
    # scrubbing is checked whatever the draw (session 22: the draw held no name).
    record_answer_report(conn, text="my name is Sam Jones, 07700 900123, it got worse", consented=True,
                         topic=None, disposition="gp", channel="web",
                         now=start + dt.timedelta(days=3))  # fmt: skip
    hashed = auth.hash_password(PASSWORD)
    for email, role in (("doctor@example.org", "clinical_reviewer"),
                        ("staff@example.org", "staff")):  # fmt: skip
        user_store.create_user(conn, email=email, role=role, organisation_id=None, now=NOW,
                               password_hash=hashed)  # fmt: skip
    yield app, conn
    conn.close()


def client_for(app, email):
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def test_monitoring_on_demo_traffic_is_suppressed(demo):
    app, conn = demo
    html = client_for(app, "staff@example.org").get("/staff/monitoring/?days=35")
    assert html.status_code == 200
    page = html.get_data(as_text=True)
    for table in ("emergencies", "disagreements", "wrong", "unanswered", "worse", "cases"):
        assert f'id="table-{table}"' in page, table
    cells = SHOWN.findall(page)
    assert cells and all(c == "*" or int(c) % 5 == 0 for c in cells), cells
    assert "Heart, chest pain and circulation" in page and "Safeguarding disclosures" in page
    emergencies = page[
        page.index('id="table-emergencies"') : page.index('id="table-disagreements"')
    ]
    total = SHOWN.findall(emergencies)[-1]
    assert total != "0"  # the demo's chest pain, stroke, overdose... were answered
    cases = clinical_store.cases_between(conn, "2026-10-01T00:00", "2026-12-01T00:00")
    kinds = {c["kind"] for c in cases}
    assert {"emergency", "answer_wrong"} <= kinds
    for case in cases:  # words only scrubbed, and only with consent or nothing identifying
        assert case["text_basis"] in ("consented", "identifier_free", "withheld", "no_text")
        if case["text"]:
            assert not re.search(r"07700 ?9\d{5}", case["text"]), case
        if case["text_basis"] == "withheld":
            assert case["text"] is None


def test_only_clinical_reviewers_read_case_text(demo):
    app, conn = demo
    consented = [c for c in clinical_store.open_cases(conn, "answer_wrong")
                 if c["text_basis"] == "consented"]  # fmt: skip
    assert consented and "[name]" in " ".join(c["text"] for c in consented)
    doctor = client_for(app, "doctor@example.org").get("/staff/monitoring/cases?kind=answer_wrong")
    staff = client_for(app, "staff@example.org").get("/staff/monitoring/cases?kind=answer_wrong")
    assert consented[0]["text"] in doctor.get_data(as_text=True)
    assert consented[0]["text"] not in staff.get_data(as_text=True)


def test_a_case_review_and_an_incident_are_audited(demo):
    app, conn = demo
    doctor = client_for(app, "doctor@example.org")
    case = clinical_store.open_cases(conn, "emergency")[0]
    token = csrf_of(doctor, "/staff/monitoring/cases")
    response = doctor.post(
        f"/staff/monitoring/cases/{case['id']}",
        data={"note": "right answer", "incident_title": "Check the wording", "csrf_token": token},
    )
    assert response.status_code == 302
    row = conn.execute("SELECT * FROM clinical_cases WHERE id = ?", (case["id"],)).fetchone()
    assert row["status"] == "reviewed" and row["incident_id"]
    incidents = doctor.get("/staff/monitoring/incidents").get_data(as_text=True)
    assert "Check the wording" in incidents
    audit = doctor.get("/staff/clinical/audit").get_data(as_text=True)
    assert "case_reviewed" in audit and "incident_opened" in audit
    staff = client_for(app, "staff@example.org")
    token = csrf_of(staff, "/staff/monitoring/incidents")
    closed = staff.post(f"/staff/monitoring/incidents/{row['incident_id']}/close",
                        data={"outcome": "x", "csrf_token": token})  # fmt: skip
    assert closed.status_code == 403  # only a clinical reviewer closes an incident


def test_answer_report_is_scrubbed_and_queued(demo):
    app, conn = demo
    client = app.test_client()
    assert "Was this advice wrong" in client.get("/help/sore-throat").get_data(as_text=True)
    token = csrf_of(client, "/feedback/answer?topic=sore-throat")
    words = "I am Priya Shah at 12 Oak Road M14 5AB, 07700 900999, it got worse"
    for consent in ("yes", ""):
        response = client.post("/feedback/answer", data={
            "topic": "sore-throat", "disposition": "pharmacy", "what": words,
            "consent": consent, "csrf_token": token})  # fmt: skip
        assert response.status_code == 200 and "Thank you" in response.get_data(as_text=True)
    rows = conn.execute("SELECT * FROM clinical_cases WHERE topic = 'sore-throat' AND"
                        " kind = 'answer_wrong' ORDER BY id DESC LIMIT 2").fetchall()  # fmt: skip
    withheld, kept = rows
    assert withheld["text"] is None and withheld["text_basis"] == "withheld"
    assert kept["text_basis"] == "consented"
    for secret in ("Priya", "Shah", "Oak Road", "5AB", "900999"):
        assert secret not in kept["text"], kept["text"]
    assert "M14 5" in kept["text"] and "it got worse" in kept["text"]


def test_scrubber_removes_identifiers():
    found = scrub("my son Jack is ill, email j@x.org, born 01/02/2020, flat 3, 10 Moss Lane")
    assert "Jack" not in found.text and "j@x.org" not in found.text and "2020" not in found.text
    assert "Moss Lane" not in found.text and not found.identifier_free
    assert scrub("chest pain spreading to my arm").identifier_free


def test_model_disagreements_are_counted_and_queued():
    event = {"kind": "answer", "hour": "2026-11-20T10:00", "channel": "sms",
             "disposition": "emergency_999", "rules_disposition": "gp",
             "rule": "model:emergency", "topic": "headache"}  # fmt: skip
    cases = monitoring.cases_from_events([event], "my head feels odd", {}, frozenset())
    assert {c["kind"] for c in cases} == {"emergency", "model_disagreement"}
    assert all(c["text"] == "my head feels odd" for c in cases)
    many = [{**cases[1]} for _ in range(9)]
    few = [{**cases[1], "rules_disposition": "pharmacy"} for _ in range(3)]
    tables = {t.id: t for t in monitoring.monitoring_tables(
        [event] * 12, many + few, 0, {"x": "X"}, {})}  # fmt: skip
    shown = dict(tables["disagreements"].rows)
    assert shown["rules: gp -> answer: emergency_999"] == "10"
    assert shown["rules: pharmacy -> answer: emergency_999"] == "*"
    assert dict(tables["emergencies"].rows)["Raised by the second opinion"] == "10"
