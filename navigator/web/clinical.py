"""Content governance at /staff/clinical (policy CLINICAL: staff, admins, clinical
reviewers): the review queue, one item with its diff since the last decision, the decision
(clinical reviewers only, CSRF-protected, audited), the audit trail and the safety report."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from navigator.core.clinical import reviews
from navigator.service import clinical as service
from navigator.web.auth import clock
from navigator.web.state import get_db

bp = Blueprint("clinical", __name__, url_prefix="/staff/clinical")
KIND_FILTERS = ("red_flag", "life_threat", "safeguarding", "topic", "rules", "vocabulary",
                "replies")  # fmt: skip


def require_clinical_reviewer() -> None:
    if not current_user.is_clinical_reviewer:
        abort(403, description="Only a clinical reviewer can do that.")


@bp.get("/")
def queue():
    today = clock().date()
    states = service.content_states(get_db())
    kind = request.args.get("kind") or None
    if kind and kind not in KIND_FILTERS:
        abort(400, "unknown kind")
    due = [s for s in reviews.review_queue(states, today) if not kind or s.item.kind == kind]
    counts = {st: sum(1 for s in states if s.status == st) for st in reviews.STATUSES}
    return render_template(
        "clinical/queue.html",
        due=due,
        total=len(states),
        counts=counts,
        labels=reviews.STATUS_LABELS,
        kinds=KIND_FILTERS,
        kind=kind,
        today=today,
        approved_only=current_app.config["NAVIGATOR_SERVE_APPROVED_ONLY"],
    )


@bp.get("/content/<path:content_id>")
def item(content_id: str):
    conn = get_db()
    state = service.state_of(conn, content_id)
    if state is None:
        abort(404)
    return render_template(
        "clinical/item.html",
        state=state,
        diff=reviews.diff_lines(state.approved_text, state.item.text),
        history=service.decisions_for(conn, content_id),
        decisions=[(d, reviews.STATUS_LABELS[d]) for d in reviews.DECISIONS],
        can_decide=current_user.is_clinical_reviewer,
    )


@bp.post("/content/<path:content_id>")
def decide(content_id: str):
    require_clinical_reviewer()
    try:
        decision = service.decide(
            get_db(), content_id,
            status=request.form.get("decision", ""),
            seen_sha256=request.form.get("sha256", ""),
            reviewer_id=current_user.user.id, reviewer=current_user.email,
            note=request.form.get("note", ""), now=clock(),
            review_months=current_app.config["NAVIGATOR_CONTENT_REVIEW_MONTHS"],
        )  # fmt: skip
    except KeyError:
        abort(404)
    except ValueError as exc:  # includes StaleApproval
        flash(str(exc))
        return redirect(url_for("clinical.item", content_id=content_id))
    label = reviews.STATUS_LABELS[decision.status].lower()
    flash(f"{content_id} recorded as {label}; next review due {decision.due}.")
    return redirect(url_for("clinical.queue"))


@bp.get("/audit")
def audit():
    return render_template("clinical/audit.html", rows=service.audit_trail(get_db()))


@bp.get("/safety-report")
def safety_report():
    text = service.safety_report(get_db(), clock().date())
    html = Markup(service.report_html(text))  # noqa: S704 (our own Markdown files and ids)
    return render_template("clinical/report.html", report=html)
