"""Directory maintenance (SPEC 5.3): organisations keep their own entries true, staff review.

Three blueprints, each with its policy (enforced in web/auth.py):
- admin (organisation member, /admin): an editor sees and edits only their organisation's
  services. A service of another organisation answers 404, exactly like one that does not
  exist, so guessing URLs reveals nothing. Staff may open any service.
- review (staff, /admin/review): the queue of pending changes with before/after diffs,
  approve/reject with a reason, resident reports, stale entries and reminders, trust, users.
- report (public, /report?service=...): a resident says a service was wrong or closed.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from navigator.core.directory.profiles import (
    review_due,
)
from navigator.core.editing.diffs import diff_profiles
from navigator.core.editing.hoursform import set_today_switch, today_switch
from navigator.core.editing.validation import form_from_profile, profile_from_form
from navigator.service import directory, editing, reviewing
from navigator.service import users as accounts
from navigator.web.auth import clock, safe_redirect_target
from navigator.web.editor import (
    edit_page,
    form_dict,
    local_today,
    places,
    review_stamp,
    service_for_editor,
    topic_ids,
)
from navigator.web.state import get_db

bp = Blueprint("admin", __name__, url_prefix="/admin")  # access: organisation member
review_bp = Blueprint("review", __name__, url_prefix="/admin/review")  # access: staff
report_bp = Blueprint("report", __name__)  # access: public
STALE_LIST_LIMIT = 200
SWITCH_CHOICES = ("closed", "full", "open")


# --- organisation members ---------------------------------------------------------------------


@bp.get("/")
def dashboard():
    if current_user.is_staff:
        return redirect(url_for("review.queue"))
    conn, today = get_db(), local_today()
    org_id = current_user.organisation_id
    services = directory.list_services(conn, organisation_id=org_id, limit=500)
    rows = [
        {
            "service": s,
            "stale": (review_due(s) or today) <= today,
            "switch": today_switch(s.schedule, today),
        }
        for s in services
    ]
    return render_template(
        "admin/dashboard.html",
        rows=rows,
        organisation=directory.get_organisation(conn, org_id),
        edits=editing.edits_of_organisation(conn, org_id),
        reports=editing.open_reports(conn, organisation_id=org_id),
    )


@bp.route("/services/<service_id>/edit", methods=["GET", "POST"])
def edit_service(service_id: str):
    conn = get_db()
    service = service_for_editor(service_id)
    current = service.to_dict()
    if request.method == "GET":
        return edit_page(service, form_from_profile(current), {})
    result = profile_from_form(
        form_dict(),
        current,
        topic_ids=topic_ids(),
        neighbourhood_ids=[i for i, _ in places()["neighbourhood"]],
        area_ids=[i for i, _ in places()["area"]],
    )
    if not result.ok:
        return edit_page(service, form_dict(), result.errors), 400
    after = result.profile
    editing.locate(conn, current, after)
    if not diff_profiles(current, after):
        flash("Nothing changed.")
        return redirect(url_for("admin.dashboard"))
    if editing.save_edit(
        conn,
        service,
        current,
        after,
        actor_id=current_user.user.id,
        actor=current_user.email,
        is_staff=current_user.is_staff,
        now=clock(),
        stamp=review_stamp(),
    ):
        flash(f"Saved: {service.name} is updated for residents now.")
    else:
        flash(f"Sent for review: residents see the change to {service.name} once staff approve.")
    return redirect(url_for("admin.dashboard"))


@bp.post("/services/<service_id>/verify")
def verify_service(service_id: str):
    """'Still accurate': one click resets the review date, nothing else changes."""
    service = service_for_editor(service_id)
    current = service.to_dict()
    editing.verify(
        get_db(),
        current,
        actor_id=current_user.user.id,
        actor=current_user.email,
        now=clock(),
        stamp=review_stamp(),
    )
    flash(f"Thank you: {service.name} is confirmed as accurate today.")
    return redirect(safe_redirect_target(request.form.get("back")))


@bp.post("/services/<service_id>/today")
def switch_today(service_id: str):
    """Closed today / full today: live at once (it only makes a service less available) and
    expires by itself at midnight (a dated exception for today)."""
    service = service_for_editor(service_id)
    kind = request.form.get("switch")
    if kind not in SWITCH_CHOICES:
        abort(400, description="choose closed, full or open")
    current = service.to_dict()
    schedule = set_today_switch(
        current["schedule"], local_today(), None if kind == "open" else kind
    )
    editing.switch_today(
        get_db(),
        current,
        schedule,
        kind,
        actor_id=current_user.user.id,
        actor=current_user.email,
        now=clock(),
    )
    flash(
        {
            "closed": f"{service.name} shows as closed until midnight.",
            "full": f"{service.name} shows as full until midnight.",
            "open": f"{service.name} shows its usual hours again.",
        }[kind]
    )
    return redirect(url_for("admin.dashboard"))


@bp.get("/services/<service_id>/history")
def service_history(service_id: str):
    service = service_for_editor(service_id)
    entries = [
        (entry, diff_profiles(entry.before, entry.after) if entry.before else [])
        for entry in editing.history(get_db(), service_id)
    ]
    return render_template("admin/history.html", service=service, entries=entries)


@bp.post("/reports/<int:report_id>/resolve")
def resolve_report(report_id: int):
    conn = get_db()
    report = editing.get_report(conn, report_id)
    if report is None or not (
        current_user.is_staff or report.organisation_id == current_user.organisation_id
    ):
        abort(404)
    editing.resolve_report(
        conn,
        report_id,
        user_id=current_user.user.id,
        resolution=request.form.get("resolution", ""),
        now=clock(),
    )
    flash("Report marked as dealt with.")
    return redirect(safe_redirect_target(request.form.get("back")))


# --- staff ------------------------------------------------------------------------------------


@review_bp.get("/")
def queue():
    conn, today = get_db(), local_today()
    pending = [
        (edit, diff_profiles(edit.before, edit.after)) for edit in reviewing.pending_edits(conn)
    ]
    stale = reviewing.stale_services(conn, today)
    return render_template(
        "admin/review.html",
        pending=pending,
        reports=editing.open_reports(conn),
        stale=stale[:STALE_LIST_LIMIT],
        stale_total=len(stale),
        organisations=reviewing.list_organisations(conn, with_users_only=True),
    )


@review_bp.post("/edits/<int:edit_id>/approve")
def approve(edit_id: int):
    conn = get_db()
    edit = reviewing.get_edit(conn, edit_id)
    if edit is None:
        abort(404)
    stamp = {
        "last_reviewed": local_today().isoformat(),
        "reviewed_by": edit.organisation_id or "staff",
        "next_review_due": None,
    }
    try:
        live = reviewing.approve_edit(
            conn,
            edit_id,
            reviewer_id=current_user.user.id,
            reviewer=current_user.email,
            now=clock(),
            stamp=stamp,
        )
    except reviewing.EditConflict as exc:
        flash(f"Not approved: {exc}")
    else:
        flash(f"Approved: {live.name} is updated for residents.")
    return redirect(url_for("review.queue"))


@review_bp.post("/edits/<int:edit_id>/reject")
def reject(edit_id: int):
    reason = request.form.get("reason", "").strip()
    if not reason:
        flash("Give a reason: the editor sees it.")
        return redirect(url_for("review.queue"))
    try:
        reviewing.reject_edit(
            get_db(),
            edit_id,
            reviewer_id=current_user.user.id,
            reviewer=current_user.email,
            reason=reason,
            now=clock(),
        )
    except reviewing.EditConflict as exc:
        flash(f"Not rejected: {exc}")
    else:
        flash("Rejected; the editor sees your reason.")
    return redirect(url_for("review.queue"))


@review_bp.post("/reminders")
def send_reminders():
    """Email (outbox backend) each organisation's editors a list of their stale entries."""
    now = clock()
    base = current_app.config["NAVIGATOR_PUBLIC_URL"].rstrip("/")

    def body_for(services) -> str:
        lines = "\n".join(f"- {s.name}: {base}/admin/services/{s.id}/edit" for s in services)
        return (
            "These entries have not been checked for 6 months. Please confirm they are "
            f"still accurate, or correct them:\n\n{lines}\n"
        )

    sent = reviewing.send_reminders(
        get_db(), today=now.date(), subject="Please check your directory entries",
        body_for=body_for, actor_id=current_user.user.id, actor=current_user.email, now=now,
    )  # fmt: skip
    flash(f"{sent} reminder email(s) queued.")
    return redirect(url_for("review.queue"))


@review_bp.post("/organisations/<organisation_id>/trust")
def trust(organisation_id: str):
    trusted = request.form.get("trusted") == "1"
    if reviewing.set_trusted(get_db(), organisation_id, trusted, clock()) is None:
        abort(404)
    flash(f"{organisation_id}: changes {'go live at once' if trusted else 'wait for review'}.")
    return redirect(url_for("review.queue"))


@review_bp.route("/users", methods=["GET", "POST"])
def users():
    conn, link, error = get_db(), None, None
    if request.method == "POST":
        try:
            _, link = accounts.invite_user(
                conn,
                email=request.form.get("email", ""),
                role=request.form.get("role", ""),
                organisation_id=request.form.get("organisation") or None,
                now=clock(),
                public_url=current_app.config["NAVIGATOR_PUBLIC_URL"],
            )
        except ValueError as exc:
            error = str(exc)
    return render_template(
        "admin/users.html",
        users=accounts.list_users(conn),
        link=link,
        error=error,
        roles=accounts.ROLES,
    ), (400 if error else 200)


# --- residents --------------------------------------------------------------------------------


@report_bp.route("/report", methods=["GET", "POST"])
def report_service():
    conn = get_db()
    service = directory.get_service(conn, request.values.get("service", ""))
    if service is None:
        abort(404, description="We could not find that service.")
    if request.method == "GET":
        return render_template("admin/report.html", service=service, reasons=editing.REPORT_REASONS)
    editing.record_report(conn, service.id, request.form.get("reason", "other"), "web", clock())
    return render_template("admin/report.html", service=service, thanks=True)
