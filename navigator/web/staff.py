"""Staff usage summaries at /staff: tables, charts and CSV exports, all disclosure-controlled.

Staff role only (the blueprint's STAFF policy: anonymous -> login, org editors -> 403). Every
number comes from core/summaries.Publication for the chosen run of whole weeks; the
neighbourhood filter only selects cells of that one publication, so switching it cannot
reveal a count another view hides. GET only: filters are query parameters, no forms to
forge.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from flask import Blueprint, Response, abort, render_template, request, url_for
from markupsafe import Markup

from navigator.core.places.neighbourhoods import load_neighbourhoods
from navigator.core.reporting import charts
from navigator.core.reporting.csvexport import csv_text
from navigator.core.reporting.summaries import TABLES, Geography, Publication, weeks_between
from navigator.core.triage.pipeline import load_knowledge
from navigator.paths import CONTENT_DIR
from navigator.service.reporting import events_between
from navigator.web.auth import clock
from navigator.web.state import get_db

bp = Blueprint("staff", __name__, url_prefix="/staff")
DEFAULT_WEEKS = 5  # this week and the four before it
MAX_WEEKS = 26  # a longer run is refused: wide tables, and slower pages


@lru_cache(maxsize=1)
def geography() -> Geography:
    return Geography.from_yaml_data(load_neighbourhoods())


def _topic_labels() -> dict[str, str]:
    return {t.id: t.title for t in load_knowledge(str(CONTENT_DIR)).topics.values()}


def _date(name: str, default: dt.date) -> dt.date:
    text = request.args.get(name, "").strip()
    if not text:
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        abort(400, f"{name} must be a date like 2026-11-02")


def _filters() -> tuple[list[dt.date], str | None]:
    today = clock().date()
    first = _date("from", today - dt.timedelta(days=today.weekday(), weeks=DEFAULT_WEEKS - 1))
    last = _date("to", today)
    if last < first:
        abort(400, "the end date is before the start date")
    weeks = weeks_between(first, last)
    if len(weeks) > MAX_WEEKS:
        abort(400, f"choose at most {MAX_WEEKS} weeks")
    neighbourhood = request.args.get("neighbourhood") or None
    if neighbourhood and neighbourhood not in {n for n, _, _ in geography().neighbourhoods}:
        abort(400, "unknown neighbourhood")
    return weeks, neighbourhood


def _publication(weeks: list[dt.date]) -> Publication:
    first, end = weeks[0].isoformat(), (weeks[-1] + dt.timedelta(days=7)).isoformat()
    events = events_between(get_db(), first, end)
    return Publication(events, geography(), weeks, _topic_labels())


@bp.get("/")
def dashboard():
    weeks, neighbourhood = _filters()
    publication = _publication(weeks)
    tables = publication.tables(neighbourhood)
    by_id = {t.id: t for t in tables}
    query = {
        "from": weeks[0].isoformat(),
        "to": (weeks[-1] + dt.timedelta(days=6)).isoformat(),
        **({"neighbourhood": neighbourhood} if neighbourhood else {}),
    }
    exports = {t.id: url_for("staff.export", table_id=t.id, **query) for t in tables}
    return render_template(
        "staff/dashboard.html",
        tables=tables,
        charts=_charts(by_id, neighbourhood),
        exports=exports,
        query=query,
        neighbourhoods=geography().neighbourhoods,
        chosen=neighbourhood,
    )


def _charts(by_id: dict, neighbourhood: str | None) -> list[Markup]:
    place = by_id["place"]
    weeks = [c.label for c in place.columns[:-1]]
    if neighbourhood:
        lines = [(place.rows[0].label, place.values(0)[:-1])]
    else:
        lines = [
            (row.label, place.values(i)[:-1])
            for i, row in enumerate(place.rows)
            if row.code.startswith("area:")
        ]
    emergencies = by_id["emergencies"]
    drawn = [
        charts.line_chart(
            "Answers each week",
            "Weekly answers by area (or the chosen neighbourhood); * marks a hidden count.",
            weeks,
            lines,
        ),
        charts.line_chart(
            "Emergency escalations each week",
            "Answers that sent residents to 999, A&E or a mental health crisis line.",
            weeks,
            [("All emergencies", emergencies.values(len(emergencies.rows) - 1)[:-1])],
        ),
    ]
    if not neighbourhood:
        for table, title in ((place, "Answers"), (by_id["unmet_place"], "Unmet needs")):
            bars = [
                (row.label, table.values(i)[-1])
                for i, row in enumerate(table.rows)
                if not row.parts and row.code not in ("not-given", "outside")
            ]
            drawn.append(
                charts.bar_chart(
                    f"{title} by neighbourhood",
                    f"{title} in the chosen weeks for each of the 12 neighbourhoods.",
                    bars,
                )
            )
    return [Markup(svg) for svg in drawn]  # noqa: S704 (built from escaped text only)


@bp.get("/export/<table_id>.csv")
def export(table_id: str):
    if table_id not in TABLES:
        abort(404)
    weeks, neighbourhood = _filters()
    table = _publication(weeks).table(table_id, neighbourhood)
    name = f"{table_id}-{weeks[0]:%Y%m%d}-{weeks[-1] + dt.timedelta(days=6):%Y%m%d}"
    if neighbourhood:
        name += f"-{neighbourhood}"
    return Response(
        csv_text(table),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )
