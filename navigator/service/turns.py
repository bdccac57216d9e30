"""The one turn runner every channel shares (SMS webhook, web chat, demo traffic).

run_turn: (seen message id? same replies, nothing changes) -> load session -> core
conversation.handle -> in one write transaction: session, nudges (scheduled or cancelled),
nudge answers, service reports, usage events, and the message id with its replies.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from functools import lru_cache

from navigator.core.clinical import monitoring
from navigator.core.conversation import conversation
from navigator.core.conversation.conversation import Deps, Inbound, Outcome, Reply
from navigator.core.privacy import scrub
from navigator.db import transaction
from navigator.paths import DIRECTORY_DIR, REPO_ROOT
from navigator.settings import nudge_window
from navigator.store import clinical as clinical_store
from navigator.store import events as event_store
from navigator.store import nudges as nudge_store
from navigator.store import sessions as session_store

HAZARD_LOG = REPO_ROOT / "docs" / "clinical-safety" / "hazard_log.yaml"
MAX_TRANSCRIPT_ENTRIES = 24  # web chat history shown after a reload, within the window


def deps_for(settings: dict, navigator) -> Deps:
    window = nudge_window(settings)
    idle = dt.timedelta(minutes=settings["NAVIGATOR_SESSION_IDLE_MINUTES"])
    return Deps(navigator=navigator, window=window, idle=idle)


def run_turn(
    conn: sqlite3.Connection,
    deps: Deps,
    inbound: Inbound,
    now: dt.datetime,
    *,
    message_id: str | None = None,
    keep_transcript: bool = False,
) -> list[Reply]:
    if message_id:
        seen = session_store.seen_replies(conn, message_id)
        if seen is not None:
            return [Reply(**r) for r in seen]
    session = session_store.load(conn, inbound.key, inbound.channel)
    said = f"{session.need}. {inbound.text}" if session.need else str(inbound.text or "")
    out = conversation.handle(inbound, session, now, deps)
    if keep_transcript:
        _append_transcript(out, inbound.text)
    stored = [{"text": r.text, "emergency": r.emergency} for r in out.replies]
    with transaction(conn, immediate=True):
        if message_id and not session_store.remember_replies(conn, message_id, stored, now):
            seen = session_store.seen_replies(conn, message_id)  # a concurrent retry won
            return [Reply(**r) for r in seen or []]
        apply_outcome(conn, out, inbound, now)
        clinical_store.record_cases(conn, review_cases(out.events, said))
    return out.replies


def apply_outcome(
    conn: sqlite3.Connection, out: Outcome, inbound: Inbound, now: dt.datetime
) -> None:
    """Everything the engine asked to store; the caller holds the transaction."""
    key = out.session.key
    session_store.save(conn, out.session, now)
    if out.cancel_nudges:
        nudge_store.cancel_for(conn, key, now)
    for plan in out.nudges:
        if inbound.phone:
            nudge_store.schedule(
                conn, plan, key=key, channel=inbound.channel, phone=inbound.phone, now=now
            )
    for nudge_id, changes in out.nudge_updates:
        nudge_store.record_answer(conn, nudge_id, changes)
    for report in out.reports:
        event_store.record_service_report(
            conn, report["service_id"], report["reason"], inbound.channel, now
        )
    event_store.record(conn, out.events)


@lru_cache(maxsize=1)
def _categories() -> dict[str, str]:
    return monitoring.load_categories(HAZARD_LOG)[1]


def review_cases(events: list[dict], said: str) -> list[dict]:
    """Answers a clinician should look at (emergencies, second-opinion disagreements,
    not understood, follow-ups "worse"), with the resident's words only if identifier-free."""
    if not any(e.get("kind") in ("answer", "nudge_reply") for e in events):
        return []
    words = monitoring.known_words(str(DIRECTORY_DIR))
    return monitoring.cases_from_events(events, said, _categories(), words)


def _append_transcript(out: Outcome, text: str) -> None:
    log = out.session.transcript
    # Kept until the conversation expires: phone numbers and emails never stored.
    log.append({"who": "resident", "text": scrub(" ".join(str(text).split()))})
    log.extend(
        {"who": "navigator", "text": r.text, "emergency": r.emergency, "links": list(r.links)}
        for r in out.replies
    )
    del log[:-MAX_TRANSCRIPT_ENTRIES]


def session_of(conn: sqlite3.Connection, key: str, channel: str) -> conversation.Session:
    """A resident's conversation state as stored (a fresh one if there is none)."""
    return session_store.load(conn, key, channel)


def transcript(conn: sqlite3.Connection, key: str, channel: str, now: dt.datetime) -> list:
    """The conversation so far (web chat after a reload), empty once the session expired."""
    stored = session_store.load(conn, key, channel)
    return [] if stored.expired(now) else stored.transcript


def record_delivery(
    conn: sqlite3.Connection, provider_id: str, state: str, opted_out_key: str | None,
    now: dt.datetime,
) -> None:  # fmt: skip
    """A delivery status from the provider; `opted_out_key`: the resident whose number the
    provider reports as opted out (their session stops and their nudges are cancelled)."""
    with transaction(conn, immediate=True):
        if provider_id and state:
            nudge_store.record_delivery(conn, provider_id, state)
        if opted_out_key is not None:
            session_store.set_opted_out(conn, opted_out_key, "sms", now)
            nudge_store.cancel_for(conn, opted_out_key, now)


__all__ = [
    "apply_outcome",
    "deps_for",
    "record_delivery",
    "review_cases",
    "run_turn",
    "session_of",
    "transcript",
]
