"""The web chat at /chat: the same engine as SMS, with and without JavaScript.

Without JavaScript the form posts to /chat and is redirected back (post/redirect/get); with
it, chat.js posts JSON to /chat/messages and appends the replies in an ARIA live region.
The conversation key is a random id in the signed session cookie, never anything personal.
CSRF: Flask-WTF's token when CSRFProtect is registered (it checks every POST here before the
view: form field `csrf_token`, or the X-CSRFToken header from chat.js); otherwise a
per-session token of our own, compared in constant time.
"""

from __future__ import annotations

import hmac
import logging
import secrets

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from navigator.core.conversation import wording
from navigator.core.conversation.conversation import WEB, Inbound, Reply
from navigator.core.untrusted import clean_text
from navigator.runtime import now_london
from navigator.service.turns import deps_for, run_turn, transcript
from navigator.web.linkify import linkify
from navigator.web.sms import STATIC_REPLY
from navigator.web.state import get_db, get_navigator

log = logging.getLogger(__name__)
bp = Blueprint("chat", __name__, url_prefix="/chat")
CHAT_ID, CSRF = "chat_id", "chat_csrf"


def _chat_id() -> str:
    if CHAT_ID not in session:
        session[CHAT_ID] = "w:" + secrets.token_urlsafe(18)
    return session[CHAT_ID]


def _flask_wtf_active() -> bool:
    return "csrf" in current_app.extensions


def _csrf() -> str:
    if _flask_wtf_active():
        from flask_wtf.csrf import generate_csrf

        return generate_csrf()
    if CSRF not in session:
        session[CSRF] = secrets.token_urlsafe(18)
    return session[CSRF]


def _csrf_ok(token: object) -> bool:
    if _flask_wtf_active():
        return True  # already checked by CSRFProtect before this view ran
    expected = session.get(CSRF)
    return bool(expected) and isinstance(token, str) and hmac.compare_digest(expected, token)


def _turn(text: str) -> list[Reply]:
    config = current_app.config
    max_chars = config["NAVIGATOR_MAX_MESSAGE_CHARS"]
    inbound = Inbound(WEB, _chat_id(), clean_text(text)[:max_chars])
    try:
        return run_turn(
            get_db(), deps_for(config, get_navigator()), inbound, now_london(), keep_transcript=True
        )
    except Exception:  # never silence: the static 999/111 answer instead
        log.exception("web chat message not processed; static reply shown")
        return [Reply(STATIC_REPLY, emergency=True)]


@bp.get("")
def page():
    shown = []
    if CHAT_ID in session:
        try:
            shown = transcript(get_db(), session[CHAT_ID], WEB, now_london())
        except Exception:
            log.exception("chat transcript unavailable")
    return render_template("chat.html", transcript=shown, csrf=_csrf())


@bp.post("")
def post():
    """The no-JavaScript path: post, then redirect back to the conversation."""
    if not _csrf_ok(request.form.get("csrf_token")):
        return redirect(url_for("chat.page"), code=303)
    text = (request.form.get("text") or "").strip()
    if text:
        _turn(text)
    return redirect(url_for("chat.page", _anchor="latest"), code=303)


@bp.post("/messages")
def messages():
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return jsonify(error=wording.text("web.chat.not_json")), 400
    if not _csrf_ok(data.get("csrf_token") or request.headers.get("X-CSRFToken")):
        return jsonify(error=wording.text("web.chat.expired")), 403
    text = data["text"].strip()
    if not text:
        return jsonify(error=wording.text("web.chat.empty")), 400
    replies = _turn(text)
    return jsonify(
        replies=[
            {
                "text": r.text,
                "html": str(linkify(r.text)),
                "emergency": r.emergency,
                "links": [{"name": name, "url": url} for name, url in r.links],
            }
            for r in replies
        ]
    )
