"""Access policies. Every blueprint declares one at registration; tests/test_access.py walks
app.url_map and proves every route has one."""

from __future__ import annotations

from flask import Blueprint

PUBLIC = "public"
TWILIO_SIGNATURE = "twilio_signature"
LOGIN = "login"
ORGANISATION_MEMBER = "organisation_member"
STAFF = "staff"
CLINICAL = "clinical"  # staff, admins and clinical reviewers; decisions need a clinical reviewer
POLICIES = frozenset({PUBLIC, TWILIO_SIGNATURE, LOGIN, ORGANISATION_MEMBER, STAFF, CLINICAL})


def blueprint(name: str, import_name: str, *, policy: str, **kwargs) -> Blueprint:
    """A Blueprint that carries its access policy, so no route is registered without one."""
    if policy not in POLICIES:
        raise ValueError(f"unknown access policy {policy!r}")
    bp = Blueprint(name, import_name, **kwargs)
    bp.access_policy = policy
    return bp
