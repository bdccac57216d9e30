"""What the directory editor's pages share: the form's choices, the places and topics it
offers, who may open a service for editing, and the review stamp an owner's edit carries.

web/admin.py's three blueprints (admin, review, report) use these.
"""

from __future__ import annotations

from functools import lru_cache

from flask import abort, render_template, request
from flask_login import current_user

from navigator.core.directory.profiles import ACCESS_ROUTES, ELIGIBILITIES, SEXES, STATUSES
from navigator.core.editing.validation import MULTI_FIELDS
from navigator.core.models import Disposition, ServiceType
from navigator.core.places.neighbourhoods import load_neighbourhoods
from navigator.core.triage.pipeline import load_knowledge
from navigator.paths import CONTENT_DIR
from navigator.service import directory
from navigator.web.auth import clock
from navigator.web.state import get_db

CHOICES = {
    "types": [t.value for t in ServiceType],
    "dispositions": [
        (d.value, d.value.replace("_", " ")) for d in Disposition if d is not Disposition.UNCLEAR
    ],
    "sexes": SEXES,
    "eligibilities": ELIGIBILITIES,
    "statuses": STATUSES,
    "access": [(a, a.replace("_", " ")) for a in ACCESS_ROUTES],
}


@lru_cache(maxsize=1)
def places() -> dict[str, list[tuple[str, str]]]:
    data = load_neighbourhoods()
    return {
        "neighbourhood": [(n["id"], n.get("name", n["id"])) for n in data["neighbourhoods"]],
        "area": [(a["id"], a.get("name", a["id"])) for a in data["areas"]],
    }


@lru_cache(maxsize=1)
def topic_ids() -> tuple[str, ...]:
    return tuple(sorted(load_knowledge(str(CONTENT_DIR)).topics))


def local_today():
    return clock().date()


def service_for_editor(service_id: str):
    """The service, if this user may edit it; otherwise 404 (never confirm it exists)."""
    service = directory.get_service(get_db(), service_id)
    if service is None:
        abort(404)
    if not current_user.is_staff and service.organisation != current_user.organisation_id:
        abort(404)
    return service


def reviewer_label() -> str:
    return "staff" if current_user.is_staff else (current_user.organisation_id or "editor")


def review_stamp() -> dict:
    """An edit or a confirmation by the owner counts as a review of the whole entry."""
    return {
        "last_reviewed": local_today().isoformat(),
        "reviewed_by": reviewer_label(),
        "next_review_due": None,
    }


def form_dict() -> dict:
    return {
        key: request.form.getlist(key) if key in MULTI_FIELDS else request.form.get(key)
        for key in {*request.form.keys(), *MULTI_FIELDS}
    }


def edit_page(service, form: dict, errors: dict):
    return render_template(
        "admin/edit.html",
        service=service,
        form=form,
        errors=errors,
        places=places(),
        topics=topic_ids(),
        choices=CHOICES,
        days=[
            ("mon", "Monday"),
            ("tue", "Tuesday"),
            ("wed", "Wednesday"),
            ("thu", "Thursday"),
            ("fri", "Friday"),
            ("sat", "Saturday"),
            ("sun", "Sunday"),
        ],
    )
