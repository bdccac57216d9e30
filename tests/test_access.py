"""Every route has an access policy, installed when its blueprint is registered; every route
naming an organisation or a service is organisation-scoped or staff-only; and the policies
are enforced, not just declared: an anonymous or unsigned request to EVERY protected route is
refused, and an editor of one organisation cannot touch another's service."""

from __future__ import annotations

import re
import sqlite3

import pytest
from twilio.request_validator import RequestValidator

from navigator import create_app
from navigator.core.directory.profiles import Organisation
from navigator.db import connect
from navigator.runtime import initialise
from navigator.store import reports as report_store
from navigator.store import services as service_store
from navigator.store import users as user_store
from navigator.web import access, auth
from tests.web.test_admin import food_bank
from tests.web.test_auth import PASSWORD, login

ID_ARGUMENTS = re.compile(r"<(?:\w+:)?(service_id|organisation_id|org_id|edit_id|report_id)>")
SIGNED_IN = (access.LOGIN, access.ORGANISATION_MEMBER, access.STAFF, access.CLINICAL)
TOKEN = "access-test-token-0123456789abcdef"
PUBLIC_URL = "https://navigator.example.org"


def _policy(app, endpoint: str) -> str | None:
    blueprint_name = endpoint.rpartition(".")[0]
    if not blueprint_name:
        return "static" if endpoint == "static" else None
    return access.policy_of(app, blueprint_name)


def _rules(app, *policies):
    for rule in app.url_map.iter_rules():
        if _policy(app, rule.endpoint) in policies:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def _url(rule, values: dict[str, str] | None = None) -> str:
    """The rule with each argument filled: from `values`, else 1 (int) or "x"."""
    values = values or {}

    def fill(match: re.Match) -> str:
        converter, _, name = match.group(1).rpartition(":")
        return str(values.get(name, "1" if converter == "int" else "x"))

    return re.sub(r"<([^>]+)>", fill, rule.rule)


@pytest.fixture
def app(db_path):
    app = create_app(
        {
            "NAVIGATOR_DATABASE": str(db_path),
            "TESTING": True,
            "TWILIO_AUTH_TOKEN": TOKEN,
            "NAVIGATOR_PUBLIC_URL": PUBLIC_URL,
        }
    )
    initialise(app.config)
    app.config["WTF_CSRF_ENABLED"] = False  # reach the policy check, not the CSRF check
    return app


def test_every_endpoint_has_an_access_policy(app):
    missing = [r.endpoint for r in app.url_map.iter_rules() if _policy(app, r.endpoint) is None]
    assert not missing, missing
    assert all(
        _policy(app, r.endpoint) in (*access.POLICIES, "static") for r in app.url_map.iter_rules()
    )


def test_registration_installs_each_policy_as_the_first_check(app):
    assert set(app.blueprints) == set(app.extensions[access.POLICIES_KEY])
    for name in app.blueprints:
        first = app.before_request_funcs[name][0]
        assert first is access.CHECKS[access.policy_of(app, name)], name


def test_registering_an_unknown_policy_is_refused(app):
    from flask import Blueprint

    with pytest.raises(ValueError, match="unknown access policy"):
        access.register(app, Blueprint("loose", __name__), "trust-me")


def _read_only_open_data(app, rule) -> bool:
    """The published Open Referral UK API: GET only, on a blueprint marked open_data."""
    blueprint = app.blueprints.get(rule.endpoint.rpartition(".")[0])
    return getattr(blueprint, "open_data", False) and rule.methods <= {"GET", "HEAD", "OPTIONS"}


def test_routes_with_an_organisation_or_service_id_are_scoped(app):
    loose = [
        f"{rule.rule} ({_policy(app, rule.endpoint)})"
        for rule in app.url_map.iter_rules()
        if ID_ARGUMENTS.search(rule.rule)
        and _policy(app, rule.endpoint) not in (access.ORGANISATION_MEMBER, access.STAFF)
        and not _read_only_open_data(app, rule)
    ]
    assert not loose, loose


def test_every_signed_in_route_turns_away_anonymous_visitors(app):
    client = app.test_client()
    checked = set()
    for rule, method in _rules(app, *SIGNED_IN):
        url = _url(rule)
        response = client.open(url, method=method)
        assert response.status_code in (302, 401, 403), (method, url, response.status_code)
        if response.status_code == 302:
            assert "/login" in response.headers["Location"], (method, url)
        checked.add(_policy(app, rule.endpoint))
    assert checked == {access.ORGANISATION_MEMBER, access.STAFF, access.CLINICAL}


def _count(db_path, table: str) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608


def test_every_twilio_route_refuses_unsigned_and_wrongly_signed_requests(app, db_path):
    client = app.test_client()
    form = {
        "From": "+447700900123",
        "To": "+447700900999",
        "Body": "STOP",
        "MessageSid": "SM" + "1" * 32,
        "MessageStatus": "undelivered",
        "ErrorCode": "21610",
    }
    routes = list(_rules(app, access.TWILIO_SIGNATURE))
    assert {rule.rule for rule, _ in routes} >= {"/sms/inbound", "/sms/status"}
    for rule, method in routes:
        url = _url(rule)
        forged = RequestValidator("not-the-token").compute_signature(PUBLIC_URL + url, form)
        wrong_url = RequestValidator(TOKEN).compute_signature(PUBLIC_URL + "/elsewhere", form)
        for headers in ({}, {"X-Twilio-Signature": forged}, {"X-Twilio-Signature": wrong_url}):
            response = client.open(url, method=method, data=form, headers=headers)
            assert response.status_code == 403, (method, url, headers)
        signed = RequestValidator(TOKEN).compute_signature(PUBLIC_URL + url, form)
        response = client.open(
            url, method=method, data=form, headers={"X-Twilio-Signature": signed}
        )
        assert response.status_code in (200, 204), (method, url)  # the check is the policy


def test_an_unsigned_message_writes_nothing(app, db_path):
    tables = ("conversations", "inbound_messages", "usage_events", "sms_outbox")
    before = {t: _count(db_path, t) for t in tables}
    form = {"From": "+447700900123", "To": "+447700900999", "Body": "STOP", "MessageSid": "SMx"}
    assert app.test_client().post("/sms/inbound", data=form).status_code == 403
    assert before == {t: _count(db_path, t) for t in tables}


@pytest.fixture
def two_organisations(app, db_path, now):
    conn = connect(db_path)
    hashed = auth.hash_password(PASSWORD)
    for org in ("org-a", "org-b"):
        service_store.upsert_organisation(conn, Organisation(org, org.upper()), now=now)
        service_store.upsert_service(conn, food_bank(f"{org}-food", org), now=now)
        user_store.create_user(
            conn,
            email=f"{org}@example.org",
            role="org_editor",
            organisation_id=org,
            now=now,
            password_hash=hashed,
        )
    reports = {org: report_store.record_report(conn, f"{org}-food", "closed", "sms", now)
               for org in ("org-a", "org-b")}  # fmt: skip
    yield conn, reports
    conn.close()


def _values_of(org: str, reports: dict) -> dict[str, str]:
    return {
        "service_id": f"{org}-food",
        "report_id": reports[org],
        "organisation_id": org,
        "org_id": org,
    }


def test_an_editor_cannot_touch_another_organisations_rows_on_any_scoped_route(
    app, db_path, two_organisations
):
    conn, reports = two_organisations
    client = app.test_client()
    assert login(client, "org-a@example.org").status_code == 302
    theirs_before = service_store.get_service(conn, "org-b-food").to_dict()
    writes_before = {t: _count(db_path, t) for t in ("edits", "audit_log", "service_reports")}
    form = {"switch": "closed", "resolution": "done", "name": "Taken over", "type": "food_bank"}
    scoped = [
        (rule, method)
        for rule, method in _rules(app, access.ORGANISATION_MEMBER)
        if ID_ARGUMENTS.search(rule.rule)
    ]
    assert len(scoped) >= 5
    for rule, method in scoped:
        theirs = _url(rule, _values_of("org-b", reports))
        response = client.open(theirs, method=method, data=form)
        assert response.status_code in (403, 404), (method, theirs, response.status_code)
    assert service_store.get_service(conn, "org-b-food").to_dict() == theirs_before
    assert writes_before == {t: _count(db_path, t) for t in writes_before}
    assert report_store.get_report(conn, reports["org-b"]).resolved_at is None
    for rule, method in scoped:  # the same routes on their own rows: the scope, not a 404
        ours = _url(rule, _values_of("org-a", reports))
        response = client.open(ours, method=method, data=form)
        assert response.status_code not in (403, 404), (method, ours, response.status_code)


def test_an_editor_is_refused_staff_and_clinical_routes(app, two_organisations):
    client = app.test_client()
    assert login(client, "org-a@example.org").status_code == 302
    for rule, method in _rules(app, access.STAFF, access.CLINICAL):
        url = _url(rule)
        assert client.open(url, method=method).status_code == 403, (method, url)
