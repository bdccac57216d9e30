"""Monitoring after go-live at /staff/monitoring (policy CLINICAL), and the public "was this
advice wrong?" form at /feedback/answer.

Counts are suppressed (core/clinical/monitoring.py); case text is shown to clinical
reviewers only; every review and incident action is audited (store/clinical.py).
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from navigator.core.clinical import monitoring
from navigator.core.models import Disposition
from navigator.paths import CONTENT_DIR
from navigator.service import clinical as service
from navigator.service import monitoring as cases_service
from navigator.service.clinical import HAZARD_LOG
from navigator.web.auth import clock
from navigator.web.clinical import require_clinical_reviewer
from navigator.web.state import get_db

bp = Blueprint("monitoring", __name__, url_prefix="/staff/monitoring")  # access: clinical
feedback_bp = Blueprint("feedback", __name__)  # access: public
DEFAULT_DAYS = 28
MAX_DAYS = 183
MAX_FEEDBACK_CHARS = 1000


def _period() -> tuple[dt.datetime, dt.datetime, int]:
    try:
        days = int(request.args.get("days") or DEFAULT_DAYS)
    except ValueError:
        abort(400, "days must be a number")
    if not 1 <= days <= MAX_DAYS:
        abort(400, f"choose 1 to {MAX_DAYS} days")
    end = clock().replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    return end - dt.timedelta(days=days), end, days


@bp.get("/")
def overview():
    start, end, days = _period()
    first, last = start.strftime("%Y-%m-%dT%H:00"), end.strftime("%Y-%m-%dT%H:00")
    events, cases, failed = cases_service.period_records(get_db(), start, end)
    titles, members = monitoring.load_categories(HAZARD_LOG)
    tables = monitoring.monitoring_tables(events, cases, failed, titles, members)
    return render_template("clinical/monitoring.html", tables=tables, days=days,
                           first=first, last=last)  # fmt: skip


@bp.get("/cases")
def cases():
    kind = request.args.get("kind") or None
    if kind and kind not in monitoring.CASE_KINDS:
        abort(400, "unknown kind")
    rows = cases_service.open_cases(get_db(), kind)
    return render_template(
        "clinical/cases.html", rows=rows, kinds=monitoring.CASE_KINDS, kind=kind,
        show_text=current_user.is_clinical_reviewer,
    )  # fmt: skip


@bp.post("/cases/<int:case_id>")
def review_case(case_id: int):
    require_clinical_reviewer()
    title = request.form.get("incident_title", "")
    incident = (title, f"From review case {case_id}. " + request.form.get("note", ""))
    try:
        done, _ = cases_service.review_case(
            get_db(), case_id, actor_id=current_user.user.id, actor=current_user.email,
            note=request.form.get("note", "").strip() or "reviewed",
            withdraw_text=bool(request.form.get("withdraw_text")),
            incident=incident if title.strip() else None, now=clock(),
        )  # fmt: skip
    except ValueError as exc:
        flash(str(exc))
        return redirect(url_for("monitoring.cases"))
    flash(f"Case {case_id} reviewed." if done else f"Case {case_id} was already reviewed.")
    return redirect(url_for("monitoring.cases"))


def _open_incident(conn, title: str, description: str, severity: str = "considerable",
                   hazard_id: str | None = None) -> int:  # fmt: skip
    return cases_service.open_incident(
        conn, actor_id=current_user.user.id, actor=current_user.email, title=title,
        description=description, severity=severity, hazard_id=hazard_id, now=clock(),
    )  # fmt: skip


@bp.route("/incidents", methods=["GET", "POST"])
def incidents():
    conn = get_db()
    if request.method == "POST":
        try:
            number = _open_incident(
                conn, request.form.get("title", ""), request.form.get("description", ""),
                request.form.get("severity", ""), request.form.get("hazard_id") or None,
            )  # fmt: skip
            flash(f"Incident {number} logged.")
        except ValueError as exc:
            flash(str(exc))
        return redirect(url_for("monitoring.incidents"))
    return render_template(
        "clinical/incidents.html", rows=cases_service.incidents(conn),
        severities=cases_service.INCIDENT_SEVERITIES,
    )  # fmt: skip


@bp.post("/incidents/<int:incident_id>/close")
def close_incident(incident_id: int):
    require_clinical_reviewer()
    outcome = request.form.get("outcome", "").strip()
    if not outcome:
        flash("Say what was found and done before closing an incident.")
    elif cases_service.close_incident(
        get_db(),
        incident_id,
        actor_id=current_user.user.id,
        actor=current_user.email,
        outcome=outcome,
        now=clock(),
    ):
        flash(f"Incident {incident_id} closed.")  # fmt: skip
    return redirect(url_for("monitoring.incidents"))


# --- residents: "was this advice wrong?" -----------------------------------------------------


def _known_topics() -> set[str]:
    return {p.stem for p in (CONTENT_DIR / "topics").glob("*.md")}


@feedback_bp.route("/feedback/answer", methods=["GET", "POST"])
def answer_feedback():
    topic = request.values.get("topic") or None
    topic = topic if topic in _known_topics() else None
    disposition = request.values.get("disposition") or None
    if disposition not in {d.value for d in Disposition}:
        disposition = None
    if request.method == "GET":
        return render_template("feedback.html", topic=topic, disposition=disposition)
    record_answer_report(
        text=request.form.get("what", "")[:MAX_FEEDBACK_CHARS],
        consented=request.form.get("consent") == "yes",
        topic=topic, disposition=disposition, channel="web",
    )  # fmt: skip
    return render_template("feedback.html", thanks=True, topic=topic, disposition=disposition)


def record_answer_report(*, text: str, consented: bool, topic, disposition, channel) -> None:
    service.record_answer_report(get_db(), text=text, consented=consented, topic=topic,
                                 disposition=disposition, channel=channel, now=clock())  # fmt: skip
