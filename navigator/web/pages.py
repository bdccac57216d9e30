"""Public content pages: the self-care topics residents are linked to (/help/<id>)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for

from navigator.core.conversation import wording
from navigator.core.triage.pipeline import load_knowledge
from navigator.paths import CONTENT_DIR

bp = Blueprint("pages", __name__)


def _topics():
    return load_knowledge(str(CONTENT_DIR)).topics


@bp.get("/")
def index():
    return render_template("index.html", topics=sorted(_topics().values(), key=lambda t: t.title))


@bp.get("/help/<topic_id>")
def topic(topic_id: str):
    found = _topics().get(topic_id)
    if found is None:
        abort(404, description=wording.text("web.no_topic_page"))
    return render_template("topic.html", topic=found)


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page says: send them to the SVG icon."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)
