"""One stateless answer to one message: triage -> place -> directory search -> reply.

This is what `navigator navigate --jsonl`, `POST /api/v1/navigate`, the benchmarks and the
conversation engine call. Storage and the clock come in as arguments (`Navigator` deps).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from navigator.core.conversation import replies, wording
from navigator.core.directory.search import DISPOSITION_TYPES, SearchOutcome, SearchQuery
from navigator.core.models import DAYS_PER_YEAR, Disposition
from navigator.core.places.matches import NO_MATCH, PlaceMatch
from navigator.core.triage.pipeline import Knowledge, TriageResult, triage

FindPlace = Callable[[str], PlaceMatch]
Search = Callable[[SearchQuery], SearchOutcome]
Locate = Callable[[PlaceMatch], "tuple[float, float] | None"]

LOCAL_DISPOSITIONS = frozenset(  # where a nearby service is part of the answer
    {
        Disposition.A_AND_E,
        Disposition.URGENT_CARE,
        Disposition.DENTAL,
        Disposition.PHARMACY,
        Disposition.SELF_CARE,
        Disposition.COMMUNITY,
        Disposition.GP,
    }
)
ASK_PLACE = wording.text("ask.place_in_answer")
CHILD_AGE_DAYS = 16 * DAYS_PER_YEAR  # children's emergency departments see under 16s

NOTE_MAX_CHARS = 70  # an eligibility or referral note, cut to keep SMS replies short


@dataclass(frozen=True)
class NavigateRequest:
    text: object
    postcode: str | None = None
    age: float | None = None

    @classmethod
    def from_json(cls, data: dict) -> NavigateRequest:
        """Validated fields from an API or JSON-lines object; raises ValueError to the caller."""
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        text = data.get("text")
        if text is not None and not isinstance(text, str):
            raise ValueError("text must be a string")
        postcode = data.get("postcode")
        if postcode is not None and not isinstance(postcode, str):
            raise ValueError("postcode must be a string")
        age = data.get("age")
        if age is not None:
            if isinstance(age, bool) or not isinstance(age, int | float) or not 0 <= age <= 125:
                raise ValueError("age must be a number of years from 0 to 125")
        return cls(text=text or "", postcode=(postcode or None), age=age)


@dataclass
class NavigateResult:
    triage: TriageResult
    place: PlaceMatch
    search: SearchOutcome | None
    reply: str
    services: list[dict] = field(default_factory=list)

    @property
    def disposition(self) -> Disposition:
        return self.triage.disposition

    def to_json(self) -> dict:
        topic = self.triage.topic
        return {
            "disposition": self.disposition.value,
            "neighbourhood": self.place.neighbourhood,
            "neighbourhoods": list(self.place.neighbourhoods),
            "outside_manchester": self.place.outside_manchester,
            "services": self.services,
            "topic": topic.id if topic else None,
            "reply": self.reply,
            "rule": self.triage.rule,
            "why": self.triage.explanation or self.triage.why,
            "language": self.triage.language,
            "second_opinion": _opinion_json(self.triage.opinion),
            "red_flags": [h.rule_id for h in self.triage.red_flags],
            "other_topics": [m.topic.id for m in self.triage.topics if m.topic is not topic],
            "unmet_need": bool(self.search and self.search.unmet),
            "trace": list(self.triage.trace),  # each stage: what fired, stopped, said
        }


@dataclass
class Navigator:
    knowledge: Knowledge
    find_place: FindPlace = lambda text: NO_MATCH
    search: Search | None = None
    locate: Locate = lambda place: None
    public_url: str = ""
    demo_mode: bool = False  # only a demo deployment shows (and marks) invented entries
    # directory/no_listing.yaml: what to say where no real service of a type is listed
    no_listing: Mapping = field(default_factory=dict)

    def navigate(self, request: NavigateRequest, now: dt.datetime) -> NavigateResult:
        result = triage(request.text, self.knowledge, age_years=request.age)
        place = self._place(request)
        reply, outcome = self.answer_at(result, place, now)
        services = [_service_json(f) for f in (outcome.results if outcome else [])]
        return NavigateResult(result, place, outcome, reply, services)

    def answer_at(
        self,
        result: TriageResult,
        place: PlaceMatch,
        now: dt.datetime,
        *,
        ask_place: bool = True,
        lead: str = "",
        offer: str = "",
    ) -> tuple[str, SearchOutcome | None]:
        """The reply and the services for a triage result at a place (or none): what both
        the stateless API and the conversation engine answer with."""
        outcome = None
        if self.search is not None and result.disposition is not Disposition.UNCLEAR:
            outcome = self.search(self._query(result, place, now))
        reply = self._reply(result, place, outcome, ask_place=ask_place, lead=lead, offer=offer)
        return reply, outcome

    def _place(self, request: NavigateRequest) -> PlaceMatch:
        if request.postcode:
            place = self.find_place(str(request.postcode))
            if place.found:
                return place
        return self.find_place(request.text if isinstance(request.text, str) else "")

    def _query(self, result: TriageResult, place: PlaceMatch, now: dt.datetime) -> SearchQuery:
        topic = result.topic
        facts = result.facts
        local = not place.outside_manchester
        return SearchQuery(
            disposition=result.disposition,
            now=now,
            topic_id=topic.id if topic else None,
            topic_types=topic.service_types if topic else (),
            neighbourhoods=place.neighbourhoods if local else (),
            areas=place.areas if local else (),
            age_min_days=facts.age_min_days,
            age_max_days=facts.age_max_days,
            sex=facts.sex.value,
            origin=self.locate(place) if local else None,
            include_demo=self.demo_mode,
            national_only=not local,
        )

    def _reply(
        self, result: TriageResult, place: PlaceMatch, outcome, ask_place: bool, **extra
    ) -> str:
        topic = result.topic
        lines = []
        if outcome and not place.outside_manchester:
            lines = [_service_line(f, result.facts.age_known) for f in outcome.results]
        question = None
        if ask_place and not place.found and result.disposition in LOCAL_DISPOSITIONS:
            question = ASK_PLACE
        link = f"{self.public_url}/help/{topic.id}" if topic and self.public_url else None
        return replies.compose(
            result.disposition,
            why=result.why,
            advice=topic.sms_advice if topic else "",
            services=lines if place.found else lines[:1],
            link=link,
            outside_manchester=place.outside_manchester,
            question=question,
            young_person=_may_be_young(result.facts),
            why_decided=bool(result.red_flags) or ":rule" in (result.rule or ""),
            **extra,
            notes=self._notes(result, place, outcome),
            demo=self.demo_mode,
            language=result.language,
        )

    def _notes(self, result: TriageResult, place: PlaceMatch, outcome) -> list[str]:
        """Plain words where the directory cannot help: outside the city (with the council's
        name when clear), or no real service of the type the answer needs."""
        routes = self.no_listing or {}
        if place.outside_manchester:
            if place.council and routes.get("outside_council"):
                return [routes["outside_council"].format(council=place.council)]
            return [routes["outside"]] if routes.get("outside") else []
        if outcome is None or not place.found:
            return []
        listed = {f.profile.type for f in outcome.results}
        topic = result.topic
        wanted = [
            *DISPOSITION_TYPES.get(result.disposition, ()),
            *(topic.service_types if topic else ()),
        ]
        for kind in wanted:
            if kind not in listed and kind in (routes.get("types") or {}):
                return [routes["types"][kind]]
        return []


def service_note(profile) -> str | None:
    """Who a community service is for and how to get in ("referral needed: ..."), cut short."""
    text = (profile.eligibility_text or "").strip()
    if "referral_needed" in profile.access:
        text = (
            wording.text("service_note.referral_needed_for", who=text)
            if text
            else wording.text("service_note.referral_needed")
        )
    elif profile.type != "food_bank" or not text:
        return None
    if len(text) > NOTE_MAX_CHARS:
        text = text[: NOTE_MAX_CHARS - 3].rsplit(" ", 1)[0] + "..."
    return text


def _opinion_json(opinion) -> dict | None:
    if opinion is None:
        return None
    return {head: round(score, 3) for head, score in opinion.heads.items()}


def _may_be_young(facts) -> bool:
    """Childline is for under 19s: offered ("Under 19?") unless the age is known to be over."""
    return facts.age_min_days is None or facts.age_min_days < 19 * DAYS_PER_YEAR


def _service_line(found, age_known: bool) -> replies.ServiceLine:
    """One numbered service; a children-only service offered for an unknown age says so."""
    p = found.profile
    for_children = p.age_max_days is not None and p.age_max_days < CHILD_AGE_DAYS + 1
    note = wording.text("for_children") if for_children and not age_known else service_note(p)
    return replies.ServiceLine(
        p.name,
        p.address,
        p.phone,
        found.open_status,
        found.distance_km,
        note=note,
        website=p.website,
    )


def _service_json(found) -> dict:
    p = found.profile
    return {
        "id": p.id,
        "name": p.name,
        "type": p.type,
        "address": p.address,
        "postcode": p.postcode,
        "phone": p.phone,
        "website": p.website,
        "distance_km": None if found.distance_km is None else round(found.distance_km, 2),
        "open_status": found.open_status,
        "open_now": found.open_now,
        "demo": p.demo,
        "note": service_note(p),
        "why": found.why,
    }
