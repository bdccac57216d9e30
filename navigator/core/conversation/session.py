"""What a conversation carries between turns, and what one turn asks the caller to store."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields

from navigator.core.clinical.monitoring import rules_answer
from navigator.core.conversation import nudges, replies
from navigator.core.conversation.navigate import Navigator
from navigator.core.places.matches import NO_MATCH, PlaceMatch
from navigator.core.triage.pipeline import TriageResult

SMS, WEB = "sms", "web"
IDLE = "idle"
DEFAULT_IDLE_MINUTES = 60


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
    links: tuple[tuple[str, str], ...] = ()  # (service name, website) for the web chat


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
    answered: str = ""  # the need last answered, for questions about it (no place in it)
    emergency_kind: str | None = None  # first aid to give while help comes (core/waiting)
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
        return bool(self.expires_at and now >= dt.datetime.fromisoformat(self.expires_at))

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


def usage_event(
    kind: str, s: Session, now: dt.datetime, result: TriageResult | None = None, found=None
) -> dict:
    """An anonymised usage event: no phone, no key, no free text; the hour, not the minute."""
    local = now.astimezone(nudges.DEFAULT_WINDOW.tz)
    event: dict[str, object] = {
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
