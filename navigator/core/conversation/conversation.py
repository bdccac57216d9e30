"""One dialogue for every channel: handle(inbound, session, now, deps) -> Outcome.

Order on every message: keywords (whole trimmed message only), then safety (an emergency is
answered at once, whatever was being asked), then at most one short question (age when it
would change the route, then location when local services matter), never more than two
before an answer. The reply to a question is read as its answer (core/conversation/answers.py): it
re-routes only on a new symptom or a red flag. After an emergency answer the emergency stays
the context (core/conversation/waiting.py). The session remembers the neighbourhood, never the postcode,
and the need only until it is answered. Nothing here stores anything: the Outcome says what
to store. All wording comes from content/replies/ (core/conversation/wording.py).
"""

from __future__ import annotations

import datetime as dt

from navigator.core.conversation import answers, nudges, replies, waiting, wording
from navigator.core.conversation.answers import read_age
from navigator.core.conversation.keywords import (
    HELP_WORDS,
    OPT_IN_WORDS,
    OPT_OUT_WORDS,
    REPORT,
    RESET_WORDS,
    YES_OPT_IN,
)
from navigator.core.conversation.navigate import LOCAL_DISPOSITIONS
from navigator.core.conversation.session import (
    SMS,
    WEB,
    Deps,
    Inbound,
    NudgePlan,
    Outcome,
    Reply,
    Session,
    usage_event,
)
from navigator.core.models import Disposition
from navigator.core.places.matches import PlaceMatch
from navigator.core.triage.ages import age_could_raise
from navigator.core.triage.pipeline import TriageResult, triage

IDLE, ASK_AGE, ASK_PLACE, MORE, OFFER, NUDGE, HELP_Q, EMERGENCY = (
    "idle",
    "ask_age",
    "ask_place",
    "more",
    "offer",
    "nudge",
    "help_question",
    "emergency",  # an emergency was answered: what follows is while-you-wait
)
MAX_QUESTIONS = 2  # SPEC 5.1: never more than two questions before an answer
MAX_NEED_CHARS = 600  # the need carried between turns while questions are asked


ASK_AGE_TEXT = wording.text("ask.age")
ASK_PLACE_TEXT = wording.text("ask.place")
HELP_TEXT = wording.text("keyword.help")
OPTED_OUT_TEXT = wording.text("keyword.opted_out")
OPTED_IN_TEXT = wording.text("keyword.opted_in")
RESET_TEXT = wording.text("keyword.reset")
REPORT_THANKS = wording.text("report.thanks")
REPORT_UNKNOWN = wording.text("report.unknown")
CRISIS_LINES = wording.text("crisis_lines")


def handle(inbound: Inbound, session: Session, now: dt.datetime, deps: Deps) -> Outcome:
    if session.expired(now):
        session = session.restarted()
    out = Outcome([], session)
    _dispatch(inbound, " ".join(str(inbound.text or "").split()), now, deps, out)
    hours = nudges.NUDGE_REPLY_WINDOW_HOURS if out.session.state == NUDGE else None
    expiry = now + (dt.timedelta(hours=hours) if hours else deps.idle)
    out.session.expires_at = expiry.astimezone(dt.UTC).isoformat()
    return out


def after_nudge_sent(
    session: Session,
    nudge_id: int,
    topic: str | None,
    disposition: str,
    neighbourhoods: list[str],
    now: dt.datetime,
) -> Session:
    """The conversation a sent nudge opens: its reply is read as 1/2/3 for a while."""
    if session.expired(now):
        session = session.restarted()
    session.state, session.nudge_id, session.need, session.asked = NUDGE, nudge_id, "", []
    session.topic, session.disposition = topic, disposition
    if neighbourhoods and not session.neighbourhoods:
        session.neighbourhoods = list(neighbourhoods)
    window = dt.timedelta(hours=nudges.NUDGE_REPLY_WINDOW_HOURS)
    session.expires_at = (now + window).astimezone(dt.UTC).isoformat()
    return session


def _dispatch(inbound: Inbound, text: str, now, deps: Deps, out: Outcome) -> None:
    s = out.session
    word = nudges.plain(text)
    if word in OPT_OUT_WORDS:
        s.opted_out, s.state, out.cancel_nudges = True, IDLE, True
        out.events.append(usage_event("opt_out", s, now))
        out.say(OPTED_OUT_TEXT)
    elif word in RESET_WORDS:
        out.session = s.restarted()
        out.say(RESET_TEXT)
    elif word in HELP_WORDS:
        out.say(HELP_TEXT)
    elif word in OPT_IN_WORDS:
        s.opted_out, s.state = False, IDLE
        out.say(OPTED_IN_TEXT)
    elif s.state == EMERGENCY:
        _while_waiting(text, now, deps, out)
    elif s.state == OFFER and nudges.read_yes_no(text) is not None:
        _consent(inbound, nudges.read_yes_no(text), now, deps, out)
    elif s.state == HELP_Q and nudges.read_yes_no(text) is not None:
        _got_help(bool(nudges.read_yes_no(text)), now, out)
    elif word in YES_OPT_IN:
        s.opted_out, s.state = False, IDLE
        out.say(OPTED_IN_TEXT)
    elif match := REPORT.match(word):
        _report(match.group(1), int(match.group(2)), now, out)
    elif s.state == NUDGE and (answer := nudges.read_answer(text))[0]:
        _nudge_reply(answer[0], answer[1], now, deps, out)
    else:
        _need(inbound, text, now, deps, out)


def _need(inbound: Inbound, text: str, now, deps: Deps, out: Outcome) -> None:
    s = out.session
    nav = deps.navigator
    place = nav.find_place(text)
    if place.found:
        _remember(s, place)
    if s.state in (ASK_AGE, ASK_PLACE) and s.need:
        need, result = _read_answer(text, place, s, nav)
    elif s.state == MORE and s.need:  # "tell me more": the answer is the need
        need = _join(s.need, answers.without_place(text, place))
        result = triage(need, nav.knowledge, age_years=s.age_years)
    else:
        s.asked, s.age_years = [], None
        need, result = text, triage(text, nav.knowledge)
        place_only = place.found and not answers.without_place(text, place)
        if s.answered and place_only or _about_last_answer(text, result, s, nav):
            need = s.answered
            result = triage(need, nav.knowledge, age_years=s.age_years)
        elif place.found:  # kept without the place: "M14 5" is never a temperature
            need = answers.without_place(text, place)
    place = place if place.found else s.place
    disposition = result.disposition
    if disposition.is_emergency:  # safety first: answered now, whatever was being asked
        _answer(result, place, now, deps, out)
    elif disposition is Disposition.UNCLEAR:
        s.state, s.need = MORE, need[-MAX_NEED_CHARS:]
        out.events.append(usage_event("unclear", s, now, result))
        out.say(replies.ACTION[Disposition.UNCLEAR])
    elif (
        len(s.asked) < MAX_QUESTIONS
        and "age" not in s.asked
        and _age_would_change_route(need, result, s, nav)
    ):
        _ask(s, "age", ASK_AGE, need, ASK_AGE_TEXT, out)
    elif (
        len(s.asked) < MAX_QUESTIONS
        and "place" not in s.asked
        and not place.found
        and disposition in LOCAL_DISPOSITIONS
    ):
        _ask(s, "place", ASK_PLACE, need, ASK_PLACE_TEXT, out)
    else:
        s.answered = need[-MAX_NEED_CHARS:]
        _answer(result, place, now, deps, out)


def _join(*texts: str) -> str:
    return ". ".join(t for t in texts if t and t.strip())


def _read_answer(text: str, place, s: Session, nav) -> tuple[str, TriageResult]:
    """The reply to our question as its answer; a new symptom or red flag re-routes."""
    answer = answers.read(text, place, age_asked=s.state == ASK_AGE)
    if answer.age_years is not None:
        s.age_years = answer.age_years
    knowledge, age = nav.knowledge, s.age_years
    whole = triage(_join(s.need, answer.rest), knowledge, age_years=age)
    if whole.disposition.is_emergency:  # red flags read on everything that was said
        return _join(s.need, answer.rest), whole
    base = triage(s.need, knowledge, age_years=age)
    if not answer.positive:
        return s.need, base
    combined = triage(_join(s.need, answer.positive), knowledge, age_years=age)
    if _same_topic(combined, base):  # slot filling: the topic's own rules read the answer
        return _join(s.need, answer.positive), combined
    new = triage(answer.positive, knowledge, age_years=age)
    if answers.is_new_symptom(new, base):
        best = max((combined, new), key=lambda r: r.disposition.acuity)
        return _join(s.need, answer.positive), best
    return s.need, base


def _same_topic(a: TriageResult, b: TriageResult) -> bool:
    return (a.topic.id if a.topic else None) == (b.topic.id if b.topic else None)


def _about_last_answer(text: str, result: TriageResult, s: Session, nav) -> bool:
    """A question right after an answer ("do i need a referral?") is about that answer,
    unless it brings a new symptom, a red flag or a different need of its own."""
    if not s.answered or s.state not in (OFFER, IDLE) or not answers.is_question(text):
        return False
    if result.disposition is Disposition.UNCLEAR:
        return True
    last = triage(s.answered, nav.knowledge)
    if result.disposition.is_emergency or answers.is_new_symptom(result, last):
        return False
    return result.topic is None or result.topic.kind != "social" or _same_topic(result, last)


def _while_waiting(text: str, now, deps: Deps, out: Outcome) -> None:
    """After an emergency answer: a new red flag is answered as one; anything else gets the
    first aid while help comes and the 999 line, never services, questions or an offer."""
    s = out.session
    result = triage(text, deps.navigator.knowledge)
    if result.disposition.is_emergency and result.red_flags:
        _answer(result, s.place, now, deps, out)
        return
    out.events.append(usage_event("while_you_wait", s, now))
    out.say(waiting.reply(s.emergency_kind), emergency=True)


def _ask(s: Session, what: str, state: str, need: str, question: str, out: Outcome) -> None:
    s.asked.append(what)
    s.state, s.need = state, need[-MAX_NEED_CHARS:]
    out.say(question)


def _age_would_change_route(need: str, result: TriageResult, s: Session, nav) -> bool:
    """Ask the age only when some age would make the answer more urgent: read from the
    conditions of the rules this message touched (triage/ages.py)."""
    if s.age_years is not None or result.facts.age_known:
        return False
    return age_could_raise(result, nav.knowledge)


# No follow-up offer: nothing to go on, or a disclosure of harm (the phone may be read by the
# person doing the harm: no nudge, nothing repeated). A message that matched a topic marked
# `sensitive` (domestic abuse, sexual assault) is a disclosure too, whichever topic answers it
# ("my partner hit me and my wrist is swollen" is answered by sprains).
NO_FOLLOW_UP = frozenset({Disposition.UNCLEAR, Disposition.SAFEGUARDING})


def _may_offer_follow_up(result: TriageResult) -> bool:
    sensitive = any(match.topic.sensitive for match in result.topics)
    return result.disposition not in NO_FOLLOW_UP and not sensitive


def _answer(
    result: TriageResult,
    place: PlaceMatch,
    now,
    deps: Deps,
    out: Outcome,
    lead: str = "",
    offer_follow_up: bool = True,
) -> None:
    s = out.session
    emergency = result.disposition.is_emergency
    offer = (
        out.session.channel in deps.follow_up_channels
        and not s.opted_out
        and not emergency
        and _may_offer_follow_up(result)
        and offer_follow_up
    )
    topic = result.topic
    offer_hours = float(topic.nudge_after_hours if topic else 48)
    offer_text = nudges.offer_text(offer_hours) if offer else ""
    reply, found = deps.navigator.answer_at(
        result, place, now, ask_place=False, lead=lead, offer=offer_text
    )
    results = found.results if found else []
    links = tuple(  # only web addresses: never a javascript: or data: link from an edit
        (f.profile.name, f.profile.website or "")
        for f in results
        if (f.profile.website or "").startswith(("https://", "http://"))
    )
    out.replies.append(Reply(reply, emergency, links))
    s.state, s.need, s.asked, s.age_years = IDLE, "", [], None
    s.topic, s.disposition = (topic.id if topic else None), result.disposition.value
    s.services = [f.profile.id for f in found.results] if found else []
    out.events.append(usage_event("answer", s, now, result, found))
    if emergency:
        s.state, s.answered = EMERGENCY, ""
        rule_ids = [h.rule_id for h in result.red_flags]
        s.emergency_kind = waiting.kind_of(rule_ids, result.disposition)
    elif offer:
        s.offer_hours = offer_hours
        if replies.fold(offer_text) not in reply:  # it did not fit: a message of its own
            out.say(offer_text)
        s.state = OFFER


def _consent(inbound: Inbound, yes: bool | None, now, deps: Deps, out: Outcome) -> None:
    s = out.session
    s.state = IDLE
    if not yes:
        out.say(wording.text("follow_up.declined"))
        return
    hours = s.offer_hours or 48.0
    due = nudges.due_time(now, hours, deps.window)
    s.opted_out = False  # YES is also Twilio's opt-in word
    out.nudges.append(NudgePlan(due, s.topic, s.disposition or "", s.place.neighbourhood))
    out.events.append(usage_event("nudge_consent", s, now))
    local = due.astimezone(deps.window.tz)
    out.say(wording.text("follow_up.booked", day=f"{local:%A}", time=f"{local:%H:%M}"))


def _report(reason: str, number: int, now, out: Outcome) -> None:
    s = out.session
    if not 1 <= number <= len(s.services):
        out.say(REPORT_UNKNOWN)
        return
    out.reports.append({"service_id": s.services[number - 1], "reason": reason})
    out.events.append(usage_event("service_report", s, now))
    out.say(REPORT_THANKS)


def _nudge_reply(answer: nudges.NudgeAnswer, rest: str, now, deps: Deps, out: Outcome) -> None:
    s = out.session
    nav = deps.navigator
    if s.nudge_id is not None:
        out.nudge_updates.append((s.nudge_id, {"outcome": answer.value}))
    out.events.append({**usage_event("nudge_reply", s, now), "nudge_outcome": answer.value})
    first = Disposition(s.disposition) if s.disposition else Disposition.UNCLEAR
    if answer is nudges.NudgeAnswer.BETTER:
        s.state = HELP_Q
        out.say(f"{wording.text('follow_up.glad')} {nudges.HELP_QUESTION}")
        return
    topic = nav.knowledge.topics.get(s.topic or "")
    said = rest or (topic.terms[0] if topic else "")
    result = triage(said, nav.knowledge)
    if topic and result.topic is None:
        result = triage(f"{topic.terms[0]}. {rest}", nav.knowledge)
    floor = first if answer is nudges.NudgeAnswer.SAME else nudges.escalate(first)
    if floor.acuity > result.disposition.acuity:  # never less help than the first answer
        result.disposition, result.rule = floor, f"nudge:{answer.value}"
        worse_why = wording.text("follow_up.worse_why")
        result.why = worse_why if answer is nudges.NudgeAnswer.WORSE else ""
    worse = answer is nudges.NudgeAnswer.WORSE
    lead = wording.text("follow_up.sorry_worse" if worse else "follow_up.sorry_same")
    if worse and result.disposition is Disposition.COMMUNITY:
        lead = f"{lead} {CRISIS_LINES}"  # first, so fitting 3 segments never drops it
    # no new follow-up offer from inside a follow-up
    _answer(result, s.place, now, deps, out, lead=lead, offer_follow_up=False)
    if not worse and not result.disposition.is_emergency:
        s.state = HELP_Q
        out.say(nudges.HELP_QUESTION)


def _got_help(yes: bool, now, out: Outcome) -> None:
    s = out.session
    if s.nudge_id is not None:
        out.nudge_updates.append((s.nudge_id, {"got_help": yes}))
    out.events.append({**usage_event("got_help", s, now), "got_help": yes})
    s.state, s.nudge_id = IDLE, None
    out.say(wording.text("follow_up.got_help_thanks" if yes else "follow_up.got_help_sorry"))


def _remember(s: Session, place: PlaceMatch) -> None:
    s.neighbourhoods, s.areas = list(place.neighbourhoods), list(place.areas)
    s.outside_manchester = place.outside_manchester


__all__ = [
    "SMS",
    "WEB",
    "HELP_WORDS",
    "OPT_IN_WORDS",
    "OPT_OUT_WORDS",
    "RESET_WORDS",
    "Deps",
    "Inbound",
    "NudgePlan",
    "Outcome",
    "Reply",
    "Session",
    "after_nudge_sent",
    "handle",
    "read_age",
]
