"""Access policies, installed when a blueprint is registered (GOV.UK Notify's
`register_blueprint(app, bp, auth_function)`): `register(app, bp, policy)` puts the policy's
check first among the blueprint's before_request functions, so every view in it is checked
and none can forget to be. create_app registers every blueprint this way; tests/test_access.py
walks app.url_map and sends unsigned and anonymous requests to every protected route.

- PUBLIC: anyone.
- TWILIO_SIGNATURE: 403 unless X-Twilio-Signature matches NAVIGATOR_PUBLIC_URL + the path and
  every form parameter (checked before anything touches the database).
- LOGIN: any signed-in account; anonymous visitors are sent to the login page.
- ORGANISATION_MEMBER: staff, or an editor of an organisation (views scope rows to it).
- STAFF: staff and admins.
- CLINICAL: staff, admins and clinical reviewers; decisions need a clinical reviewer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Blueprint, Flask, abort, current_app, request
from flask_login import current_user

from navigator.channels import twilio as twilio_channel

log = logging.getLogger(__name__)

PUBLIC = "public"
TWILIO_SIGNATURE = "twilio_signature"
LOGIN = "login"
ORGANISATION_MEMBER = "organisation_member"
STAFF = "staff"
CLINICAL = "clinical"
POLICIES_KEY = "navigator_access_policies"  # app.extensions: blueprint name -> policy


def allow_anyone() -> None:
    return None


def require_twilio_signature() -> None:
    signature = request.headers.get(twilio_channel.SIGNATURE_HEADER)
    if not signature:
        abort(403)
    url = twilio_channel.public_url(
        current_app.config["NAVIGATOR_PUBLIC_URL"],
        request.path,
        request.query_string.decode("latin-1"),
    )
    params = request.form.to_dict(flat=True)
    if not twilio_channel.verify(current_app.config["TWILIO_AUTH_TOKEN"], url, params, signature):
        log.warning("refused an unsigned or wrongly signed request to %s", request.path)
        abort(403)


def _signed_in(allowed: Callable[[object], bool]) -> Callable[[], object]:
    def check():
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if not allowed(current_user):
            abort(403)
        return None

    return check


require_login = _signed_in(lambda user: True)
require_organisation_member = _signed_in(lambda user: user.is_staff or bool(user.organisation_id))
require_staff = _signed_in(lambda user: user.is_staff)
require_clinical = _signed_in(lambda user: user.is_staff or user.is_clinical_reviewer)

CHECKS: dict[str, Callable[[], object]] = {
    PUBLIC: allow_anyone,
    TWILIO_SIGNATURE: require_twilio_signature,
    LOGIN: require_login,
    ORGANISATION_MEMBER: require_organisation_member,
    STAFF: require_staff,
    CLINICAL: require_clinical,
}
POLICIES = frozenset(CHECKS)


def register(app: Flask, bp: Blueprint, policy: str, **options) -> None:
    """Register `bp` on `app` with its access policy, checked before every view in it."""
    if policy not in CHECKS:
        raise ValueError(f"unknown access policy {policy!r} for blueprint {bp.name!r}")
    app.register_blueprint(bp, **options)
    name = options.get("name", bp.name)
    app.before_request_funcs.setdefault(name, []).insert(0, CHECKS[policy])
    app.extensions.setdefault(POLICIES_KEY, {})[name] = policy


def policy_of(app: Flask, blueprint_name: str) -> str | None:
    """The policy `blueprint_name` was registered with (None: registered without one)."""
    return app.extensions.get(POLICIES_KEY, {}).get(blueprint_name)
