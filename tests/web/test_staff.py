"""Staff summaries on the web: staff only, suppressed everywhere, CSV safe to open."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from navigator.core.directory.profiles import Organisation
from navigator.db import connect
from navigator.store import events as event_store
from navigator.store import services as service_store
from tests.accounts import add_accounts, fresh_app
from tests.web.test_auth import PASSWORD, login

WEEK = dt.date(2026, 11, 16)  # the Monday of the week before the test clock's


def answer(day: int, neighbourhood: str | None, **extra) -> dict:
    moment = WEEK + dt.timedelta(days=day)
    return {
        "kind": "answer",
        "hour": f"{moment}T11:00",
        "channel": "sms",
        "neighbourhood": neighbourhood,
        "topic": "sore_throat",
        "disposition": "pharmacy",
        **extra,
    }


@pytest.fixture
def app(db_path, now):
    return fresh_app(db_path, TESTING=True, NAVIGATOR_CLOCK=lambda: now)


@pytest.fixture
def conn(app, db_path, now):
    connection = connect(db_path)
    service_store.upsert_organisation(connection, Organisation("org-a", "Org A"), now=now)
    accounts = (("editor@example.org", "org_editor", "org-a"), ("staff@example.org", "staff", None))
    add_accounts(connection, accounts, now, PASSWORD)
    events = [answer(d % 7, "gorton-levenshulme") for d in range(23)]  # 23 -> 25
    events += [answer(1, "ardwick-longsight") for _ in range(3)]  # 3 -> *
    # A topic whose title would run as a formula in a spreadsheet, arriving from the data.
    events += [answer(2, "gorton-levenshulme", topic='=HYPERLINK("http://x")')] * 9
    with connection:
        event_store.record(connection, events)
    yield connection
    connection.close()


def logged_in(app, email: str):
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def test_anonymous_is_sent_to_login(client, conn):
    for path in ("/staff/", "/staff/export/place.csv"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_org_editor_gets_403(app, conn):
    editor = logged_in(app, "editor@example.org")
    assert editor.get("/staff/").status_code == 403
    assert editor.get("/staff/export/place.csv").status_code == 403


def test_staff_see_suppressed_tables_and_charts(app, conn):
    page = logged_in(app, "staff@example.org").get("/staff/?from=2026-11-16&to=2026-11-22")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count("<svg") == 4 and "<title" in html and "<desc" in html
    assert 'id="table-place"' in html and 'id="table-emergencies"' in html
    assert "<script" not in html and "style=" not in html  # the CSP allows neither
    assert ">3<" not in html and ">23<" not in html and ">9<" not in html  # no exact counts


def test_csv_export_is_suppressed_and_neutralised(app, conn):
    staff = logged_in(app, "staff@example.org")
    response = staff.get("/staff/export/place.csv?from=2026-11-16&to=2026-11-22")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = {r[0]: r[1:] for r in csv.reader(io.StringIO(response.get_data(as_text=True)))}
    assert rows["Ardwick and Longsight"] == ["*", "*"]
    assert rows["Gorton and Levenshulme"] == ["30", "30"]  # 23 + 9 = 32, rounded
    body = staff.get("/staff/export/need.csv?from=2026-11-16&to=2026-11-22").get_data(as_text=True)
    lines = list(csv.reader(io.StringIO(body)))
    formula = [r for r in lines if "HYPERLINK" in r[0]]
    assert formula and formula[0][0].startswith("'=")
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in lines for cell in r)


def test_neighbourhood_filter_and_bad_input(app, conn):
    staff = logged_in(app, "staff@example.org")
    one = staff.get("/staff/?neighbourhood=ardwick-longsight&from=2026-11-16&to=2026-11-22")
    assert one.status_code == 200
    assert "Gorton and Levenshulme</th>" not in one.get_data(as_text=True)
    assert staff.get("/staff/?neighbourhood=nowhere").status_code == 400
    assert staff.get("/staff/?from=yesterday").status_code == 400
    assert staff.get("/staff/?from=2026-11-20&to=2026-11-01").status_code == 400
    assert staff.get("/staff/?from=2024-01-01&to=2026-11-01").status_code == 400
    assert staff.get("/staff/export/nothing.csv").status_code == 404


def test_demo_traffic_and_purge_commands(app, conn, runner, now, monkeypatch):
    monkeypatch.setenv("NAVIGATOR_DATABASE", app.config["NAVIGATOR_DATABASE"])
    from navigator.cli import cli

    result = runner.invoke(
        cli, ["demo-traffic", "--days", "3", "--per-day", "6", "--start", "2026-11-01"]
    )
    assert result.exit_code == 0, result.output
    kinds = {e["kind"] for e in event_store.all_events(conn)}
    assert "answer" in kinds
    again = connect(app.config["NAVIGATOR_DATABASE"])
    before = again.execute("SELECT COUNT(*) FROM conversations").fetchone()[0]
    assert before > 0
    result = runner.invoke(cli, ["purge", "--older-than", "0"])
    assert result.exit_code == 0, result.output
    assert again.execute("SELECT COUNT(*) FROM conversations").fetchone()[0] == 0
    assert again.execute("SELECT COUNT(*) FROM sms_outbox").fetchone()[0] == 0
    again.close()
