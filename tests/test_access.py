"""Every route has an access policy, and every route naming an organisation or a service is
organisation-scoped or staff-only; the policies are enforced, not just declared."""

from __future__ import annotations

import re

from navigator.web import access

ID_ARGUMENTS = re.compile(r"<(?:\w+:)?(service_id|organisation_id|org_id|edit_id|report_id)>")
PROTECTED = (access.LOGIN, access.ORGANISATION_MEMBER, access.STAFF)


def _policy(app, endpoint: str) -> str | None:
    blueprint_name = endpoint.rpartition(".")[0]
    if not blueprint_name:
        return "static" if endpoint == "static" else None
    return getattr(app.blueprints.get(blueprint_name), "access_policy", None)


def test_every_endpoint_has_an_access_policy(app):
    missing = [r.endpoint for r in app.url_map.iter_rules() if _policy(app, r.endpoint) is None]
    assert not missing, missing
    assert all(
        _policy(app, r.endpoint) in (*access.POLICIES, "static") for r in app.url_map.iter_rules()
    )


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


def test_protected_routes_turn_away_anonymous_visitors(app):
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False  # reach the policy check, not the CSRF check
    checked = 0
    for rule in app.url_map.iter_rules():
        if _policy(app, rule.endpoint) not in PROTECTED:
            continue
        url = re.sub(r"<(?:int:)?\w+>", lambda m: "1" if "int:" in m.group(0) else "x", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(url, method=method)
            assert response.status_code in (302, 401, 403), (method, url, response.status_code)
            if response.status_code == 302:
                assert "/login" in response.headers["Location"]
            checked += 1
    assert checked >= 10
