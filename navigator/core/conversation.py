"""One dialogue for every channel: handle(inbound, session, now, deps) -> Outcome.

Order on every message: keywords (whole trimmed message only), then safety (an emergency is
answered at once, whatever was being asked), then at most one short question (age when it
would change the route, then location when local services matter), never more than two
before an answer. The session remembers the neighbourhood, never the postcode, and the need
only until it is answered. Nothing here stores anything: the Outcome says what to store.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field, fields

from navigator.core import nudges, replies
from navigator.core.clinical.monitoring import rules_answer
from navigator.core.models import DAYS_PER_YEAR, Disposition
from navigator.core.navigate import LOCAL_DISPOSITIONS, Navigator
from navigator.core.places import NO_MATCH, PlaceMatch
from navigator.core.triage.pipeline import TriageResult, triage

SMS, WEB = "sms", "web"
IDLE, ASK_AGE, ASK_PLACE, MORE, OFFER, NUDGE, HELP_Q = (
    "idle",
    "ask_age",
    "ask_place",
    "more",
    "offer",
    "nudge",
    "help_question",
)
MAX_QUESTIONS = 2  # SPEC 5.1: never more than two questions before an answer
DEFAULT_IDLE_MINUTES = 60
MAX_NEED_CHARS = 600  # the need carried between turns while questions are asked
AGE_PROBES_YEARS = (0.05, 0.5, 2, 4, 8, 13, 17, 30, 70)  # ages that could change a route

OPT_OUT_WORDS = frozenset(
    [
        "stop",
        "stopall",
        "unsubscribe",
        "cancel",
        "end",
        "quit",
        "revoke",
        "optout",
        "opt out",
        "stop texting me",
        "stop texting",
        "stop messaging me",
        "please stop",
        "stop please",
        "stop sending me texts",
        "stop sending me messages",
        "dont text me",
        "do not text me",
        "no more texts",
        "stop the texts",
        "unsubscribe me",
    ]
)
OPT_IN_WORDS = frozenset({"start", "unstop"})
YES_OPT_IN = frozenset({"yes", "y"})  # Twilio's opt-in word, read in context
HELP_WORDS = frozenset({"help", "info"})
RESET_WORDS = frozenset({"reset", "restart", "start again", "start over"})
REPORT = re.compile(r"^(wrong|closed|report)\s*(\d{1,2})$")

ASK_AGE_TEXT = "How old is the person who is unwell? (for example 4, or 8 weeks)"
ASK_PLACE_TEXT = (
    "What is your postcode or area (like M14 5 or Gorton)? Then I can find help near you."
)
HELP_TEXT = (
    "Manchester Self-Care Navigator: tell me a health worry or something you need help with "
    "(food, money, housing...) and I will point you to the right help near you. RESET starts "
    "again, STOP stops texts. In an emergency call 999. Urgent advice: 111."
)
OPTED_OUT_TEXT = (
    "You will get no more texts from us. Reply START to undo. In an emergency call 999."
)
OPTED_IN_TEXT = "You can get texts from us again. What is worrying you? In an emergency call 999."
RESET_TEXT = "OK, let's start again. What is worrying you? In an emergency call 999."
REPORT_THANKS = "Thank you: we will tell the people who keep that service's details up to date."
REPORT_UNKNOWN = "Sorry, which one? Reply WRONG and its number from my last answer, like WRONG 1."
CRISIS_LINES = "If you feel unsafe, call Samaritans free on 116 123. In danger call 999."


@dataclass(frozen=True)
class Inbound:
    channel: str  # SMS or WEB
    key: str  # pseudonym of the phone number, or the web session id
    text: str
    phone: str | None = None  # E.164; used only to schedule a consented nudge


@dataclass(frozen=True)
class Reply:
    text: str
    emergency: bool = False


@dataclass(frozen=True)
class NudgePlan:
    due_at: dt.datetime  # UTC, inside the daytime window
    topic: str | None
    disposition: str
    neighbourhood: str | None


@dataclass
class Session:
    key: str
    channel: str
    state: str = IDLE
    need: str = ""
    asked: list[str] = field(default_factory=list)  # questions asked about this need
    age_years: float | None = None
    neighbourhoods: list[str] = field(default_factory=list)  # remembered: never the postcode
    areas: list[str] = field(default_factory=list)
    outside_manchester: bool = False
    topic: str | None = None
    disposition: str | None = None  # of the last answer
    services: list[str] = field(default_factory=list)  # ids offered, numbered for WRONG n
    offer_hours: float | None = None
    nudge_id: int | None = None
    opted_out: bool = False
    expires_at: str | None = None
    transcript: list[dict] = field(default_factory=list)  # web chat only, within the window

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Session:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def expired(self, now: dt.datetime) -> bool:
        return bool(self.expires_at) and now >= dt.datetime.fromisoformat(self.expires_at)

    def restarted(self) -> Session:
        """A new conversation; an opt-out outlives every conversation."""
        return Session(self.key, self.channel, opted_out=self.opted_out)

    @property
    def place(self) -> PlaceMatch:
        if self.outside_manchester:
            return PlaceMatch(kind="remembered", outside_manchester=True)
        if not self.neighbourhoods:
            return NO_MATCH
        return PlaceMatch(tuple(self.neighbourhoods), kind="remembered", areas=tuple(self.areas))


@dataclass
class Deps:
    navigator: Navigator
    window: nudges.DaytimeWindow = nudges.DEFAULT_WINDOW
    idle: dt.timedelta = dt.timedelta(minutes=DEFAULT_IDLE_MINUTES)
    follow_up_channels: frozenset[str] = frozenset({SMS})  # a nudge needs a phone number


@dataclass
class Outcome:
    replies: list[Reply]
    session: Session
    events: list[dict] = field(default_factory=list)
    nudges: list[NudgePlan] = field(default_factory=list)
    cancel_nudges: bool = False  # opt-out: every pending nudge to this key, same transaction
    nudge_updates: list[tuple[int, dict]] = field(default_factory=list)  # outcome / got_help
    reports: list[dict] = field(default_factory=list)  # {"service_id", "reason"}

    def say(self, text: str, emergency: bool = False) -> Outcome:
        self.replies.append(Reply(replies.fit([text]), emergency))
        return self


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
        out.events.append(_event("opt_out", s, now))
        out.say(OPTED_OUT_TEXT)
    elif word in RESET_WORDS:
        out.session = s.restarted()
        out.say(RESET_TEXT)
    elif word in HELP_WORDS:
        out.say(HELP_TEXT)
    elif s.state == OFFER and nudges.read_yes_no(text) is not None:
        _consent(inbound, nudges.read_yes_no(text), now, deps, out)
    elif s.state == HELP_Q and nudges.read_yes_no(text) is not None:
        _got_help(bool(nudges.read_yes_no(text)), now, out)
    elif word in OPT_IN_WORDS or word in YES_OPT_IN:
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
    following_up = s.state in (ASK_AGE, ASK_PLACE, MORE) and s.need
    need = f"{s.need}. {text}" if following_up else text
    if not following_up:
        s.asked, s.age_years = [], None
    if s.state == ASK_AGE:
        s.age_years = read_age(text)
    place = nav.find_place(text)
    if place.found:
        _remember(s, place)
    place = place if place.found else s.place
    result = triage(need, nav.knowledge, age_years=s.age_years)
    disposition = result.disposition
    if disposition.is_emergency:  # safety first: answered now, whatever was being asked
        _answer(result, place, now, deps, out)
    elif disposition is Disposition.UNCLEAR:
        s.state, s.need = MORE, need[-MAX_NEED_CHARS:]
        out.events.append(_event("unclear", s, now, result))
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
        _answer(result, place, now, deps, out)


def _ask(s: Session, what: str, state: str, need: str, question: str, out: Outcome) -> None:
    s.asked.append(what)
    s.state, s.need = state, need[-MAX_NEED_CHARS:]
    out.say(question)


def _age_would_change_route(need: str, result: TriageResult, s: Session, nav) -> bool:
    """Ask the age only when some age would make the answer more urgent."""
    if s.age_years is not None or result.facts.age_known:
        return False
    return any(
        triage(need, nav.knowledge, age_years=age).disposition.acuity > result.disposition.acuity
        for age in AGE_PROBES_YEARS
    )


# No follow-up offer: nothing to go on, or a disclosure of harm (the phone may be read by the
# person doing the harm: no nudge, nothing repeated).
NO_FOLLOW_UP = frozenset({Disposition.UNCLEAR, Disposition.SAFEGUARDING})


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
    text, found = compose_answer(deps.navigator, result, place, now)
    reply = replies.fit([lead, *text.split("\n")]) if lead else text  # trims lines, not all
    emergency = result.disposition.is_emergency
    out.replies.append(Reply(reply, emergency))
    topic = result.topic
    s.state, s.need, s.asked, s.age_years = IDLE, "", [], None
    s.topic, s.disposition = (topic.id if topic else None), result.disposition.value
    s.services = [f.profile.id for f in found.results] if found else []
    out.events.append(_event("answer", s, now, result, found))
    offer = (
        out.session.channel in deps.follow_up_channels
        and not s.opted_out
        and not emergency
        and result.disposition not in NO_FOLLOW_UP
        and offer_follow_up
    )
    if offer:
        s.offer_hours = float(topic.nudge_after_hours if topic else 48)
        offer_text = nudges.offer_text(s.offer_hours)
        joined = f"{reply}\n{offer_text}"
        if replies.segments(joined) <= replies.MAX_SMS_SEGMENTS:
            out.replies[-1] = Reply(joined, emergency)
        else:
            out.say(offer_text)
        s.state = OFFER


def compose_answer(nav: Navigator, result: TriageResult, place: PlaceMatch, now):
    """The reply text and search outcome for a triage result at a known (or no) place; the
    conversation asks its own questions, so the navigator's place question is left out."""
    return nav.answer_at(result, place, now, ask_place=False)


def _consent(inbound: Inbound, yes: bool, now, deps: Deps, out: Outcome) -> None:
    s = out.session
    s.state = IDLE
    if not yes:
        out.say("OK, we will not text you. Text us any time. In an emergency call 999.")
        return
    hours = s.offer_hours or 48.0
    due = nudges.due_time(now, hours, deps.window)
    s.opted_out = False  # YES is also Twilio's opt-in word
    out.nudges.append(NudgePlan(due, s.topic, s.disposition or "", s.place.neighbourhood))
    out.events.append(_event("nudge_consent", s, now))
    local = due.astimezone(deps.window.tz)
    out.say(
        f"Thank you. We will text you on {local:%A} after {local:%H:%M}. Reply STOP "
        "at any time. In an emergency call 999."
    )


def _report(reason: str, number: int, now, out: Outcome) -> None:
    s = out.session
    if not 1 <= number <= len(s.services):
        out.say(REPORT_UNKNOWN)
        return
    out.reports.append({"service_id": s.services[number - 1], "reason": reason})
    out.events.append(_event("service_report", s, now))
    out.say(REPORT_THANKS)


def _nudge_reply(answer: nudges.NudgeAnswer, rest: str, now, deps: Deps, out: Outcome) -> None:
    s = out.session
    nav = deps.navigator
    if s.nudge_id is not None:
        out.nudge_updates.append((s.nudge_id, {"outcome": answer.value}))
    out.events.append({**_event("nudge_reply", s, now), "nudge_outcome": answer.value})
    first = Disposition(s.disposition) if s.disposition else Disposition.UNCLEAR
    if answer is nudges.NudgeAnswer.BETTER:
        s.state = HELP_Q
        out.say(f"Glad you are feeling better. {nudges.HELP_QUESTION}")
        return
    topic = nav.knowledge.topics.get(s.topic or "")
    said = rest or (topic.terms[0] if topic else "")
    result = triage(said, nav.knowledge)
    if topic and result.topic is None:
        result = triage(f"{topic.terms[0]}. {rest}", nav.knowledge)
    floor = first if answer is nudges.NudgeAnswer.SAME else nudges.escalate(first)
    if floor.acuity > result.disposition.acuity:  # never less help than the first answer
        result.disposition, result.rule = floor, f"nudge:{answer.value}"
        result.why = (
            "You said you feel worse, so get checked today."
            if answer is nudges.NudgeAnswer.WORSE
            else ""
        )
    worse = answer is nudges.NudgeAnswer.WORSE
    lead = "Sorry you are feeling worse." if worse else "Sorry it is no better."
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
    out.events.append({**_event("got_help", s, now), "got_help": yes})
    s.state, s.nudge_id = IDLE, None
    out.say(
        "Thank you. Text us any time you need help again."
        if yes
        else "Sorry you did not get the help you needed. Tell me what you still need, or call "
        "111 for advice. In an emergency call 999."
    )


def _remember(s: Session, place: PlaceMatch) -> None:
    s.neighbourhoods, s.areas = list(place.neighbourhoods), list(place.areas)
    s.outside_manchester = place.outside_manchester


_AGE = re.compile(
    r"(\d{1,3}(?:\.\d+)?)\s*(day|days|d|week|weeks|wk|wks|w|month|months|mth|mths|"
    r"mo|m|year|years|yr|yrs|y|yo)?\b"
)
_UNIT_YEARS = {"d": 1 / DAYS_PER_YEAR, "w": 7 / DAYS_PER_YEAR, "m": 1 / 12, "y": 1.0}


def read_age(text: str) -> float | None:
    """An answer to "how old?": "4", "8 weeks", "6 months", "3yo". Years, or None."""
    match = _AGE.search(nudges.plain(text))
    if not match:
        return None
    unit = (match.group(2) or "y")[0]
    years = float(match.group(1)) * _UNIT_YEARS.get(unit, 1.0)
    return years if 0 <= years <= 125 else None


def _event(
    kind: str, s: Session, now: dt.datetime, result: TriageResult | None = None, found=None
) -> dict:
    """An anonymised usage event: no phone, no key, no free text; the hour, not the minute."""
    local = now.astimezone(nudges.DEFAULT_WINDOW.tz)
    event = {
        "kind": kind,
        "hour": local.strftime("%Y-%m-%dT%H:00"),
        "channel": s.channel,
        "neighbourhood": s.neighbourhoods[0] if s.neighbourhoods else None,
        "outside_manchester": s.outside_manchester,
        "topic": s.topic,
        "disposition": s.disposition,
    }
    if result is not None:
        event["topic"] = result.topic.id if result.topic else None
        event["disposition"] = result.disposition.value
        event["red_flag"] = result.red_flags[0].rule_id if result.red_flags else None
        event["rule"] = result.rule  # "model:..." when the second opinion raised the answer
        event["rules_disposition"] = rules_answer(result)  # for clinical monitoring
    if found is not None:
        event["service_types"] = sorted({f.profile.type for f in found.results})
        event["unmet_need"] = bool(found.unmet)
    return event


__all__ = [
    "Deps",
    "Inbound",
    "NudgePlan",
    "Outcome",
    "Reply",
    "Session",
    "after_nudge_sent",
    "compose_answer",
    "handle",
    "read_age",
]
