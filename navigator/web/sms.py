"""Twilio webhooks: POST /sms/inbound (resident messages) and POST /sms/status (delivery).

Every request is signature-checked before anything touches the database (the blueprint is
registered with the TWILIO_SIGNATURE access policy, web/access.py); a bad or missing
signature gets 403 and writes nothing. A retried or replayed MessageSid is answered with
the replies it got the first time and changes nothing. If the database is locked or down,
or anything else fails, the resident still gets a static reply with 999 and 111, within
NAVIGATOR_WEBHOOK_BUSY_MS of lock waiting; a STOP or START that could not be stored is
journalled (navigator/optout_journal.py) and applied once the database is back. Messages
per phone pseudonym are rate-limited (NAVIGATOR_SMS_RATE_LIMIT); STOP and START never are.
"""

from __future__ import annotations

import logging
import uuid

from flask import Blueprint, Response, current_app, request

from navigator import optout_journal
from navigator.channels import twilio as twilio_channel
from navigator.core.conversation import wording
from navigator.core.conversation.conversation import (
    OPT_IN_WORDS,
    OPT_OUT_WORDS,
    OPTED_OUT_TEXT,
    Reply,
)
from navigator.core.conversation.nudges import plain
from navigator.core.privacy import normalise_phone, pseudonym
from navigator.runtime import now_london
from navigator.service.turns import deps_for, record_delivery, run_turn
from navigator.web import guards
from navigator.web.state import get_db, get_navigator

log = logging.getLogger(__name__)
bp = Blueprint("sms", __name__, url_prefix="/sms")

STATIC_REPLY = wording.text("static_reply")  # read at import: a broken file fails at start
TWIML = "application/xml"


def _opt_action(text: str) -> str | None:
    word = plain(text)
    if word in OPT_OUT_WORDS:
        return optout_journal.STOP
    if word in OPT_IN_WORDS:  # not YES: that depends on the conversation's state
        return optout_journal.START
    return None


@bp.post("/inbound")
def inbound():
    config = current_app.config
    message = twilio_channel.inbound_from_form(
        request.form, config["NAVIGATOR_PSEUDONYM_KEY"], config["NAVIGATOR_MAX_MESSAGE_CHARS"]
    )
    message_id = request.form.get("MessageSid") or None
    action = _opt_action(message.text)
    if action is None and not guards.allow(current_app, "NAVIGATOR_SMS_RATE_LIMIT", message.key):
        log.warning("SMS rate limit reached for one sender; message not processed")
        return Response(twilio_channel.twiml([]), mimetype=TWIML)
    journal = optout_journal.path_for(config)
    try:
        conn, now = get_db(), now_london()
        if optout_journal.pending(journal):  # older STOP/START first, then this message
            optout_journal.replay(conn, journal, now)
        replies = run_turn(
            conn, deps_for(config, get_navigator()), message, now, message_id=message_id
        )
    except Exception:  # never silence: any failure still gets the 999/111 reply
        log.exception("inbound SMS not processed; static reply sent")
        replies = [Reply(STATIC_REPLY, emergency=True)]
        if action is not None:
            replies = _journal(journal, message, action, message_id) or replies
    return Response(twilio_channel.twiml(replies), mimetype=TWIML)


def _journal(journal, message, action: str, message_id: str | None) -> list[Reply] | None:
    """Record a STOP/START for later; its confirmation only once it is durably written."""
    entry_id = message_id or f"local:{uuid.uuid4().hex}"
    try:
        optout_journal.append(journal, entry_id, message.key, message.channel, action, now_london())
    except OSError:
        log.exception("opt-out journal not written")
        return None
    if action == optout_journal.STOP:
        return [Reply(OPTED_OUT_TEXT)]
    return None  # START: the static reply; the opt-in is applied when the database is back


@bp.post("/status")
def status():
    """Delivery status callback: failures recorded; 21610 means the number opted out."""
    form = request.form
    provider_id, state = form.get("MessageSid", ""), form.get("MessageStatus", "")
    opted_out_key = None
    if form.get("ErrorCode") == twilio_channel.OPTED_OUT_ERROR and form.get("To"):
        phone = normalise_phone(form["To"]) or form["To"]
        opted_out_key = pseudonym(phone, current_app.config["NAVIGATOR_PSEUDONYM_KEY"])
    record_delivery(get_db(), provider_id, state, opted_out_key, now_london())
    if state in twilio_channel.FAILED_STATUSES:
        log.warning("SMS %s %s (error %s)", provider_id, state, form.get("ErrorCode") or "-")
    return Response(status=204)
