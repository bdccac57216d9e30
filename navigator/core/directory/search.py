"""DoS-style search: filter candidate services for a need, a place and a time; rank them.

Mirrors the NHS 111 Directory of Services (../shared/NOTES.md): cheap filters first (status,
type, profiled need, coverage, sex, age), then the time check (open within the
disposition's window and not closing within 30 minutes). A service that fails exactly one
check is a near miss: the unmet need commissioners act on. Order: stale entries last, open
now first, verified before demo, type rank for the disposition, then distance, coverage
specificity and freshness; at most two services of one type (one GP practice, one 111).
Open now comes first: a closed service is offered only when nothing suitable is open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from navigator.core.conversation import wording
from navigator.core.directory import openinghours, openstatus
from navigator.core.directory.profiles import Coverage, ServiceProfile
from navigator.core.models import DAYS_PER_MONTH, Disposition
from navigator.core.places.geo import haversine_km

MAX_RESULTS = 3
MAX_PER_TYPE = 2
ONE_PER_TYPE = frozenset({"gp_practice", "nhs_111"})
STALE_AFTER_DAYS = 6 * DAYS_PER_MONTH  # SPEC 5.2: not reviewed for 6 months
TIME_CHECKS_PER_TYPE = 40  # at most this many per type time-checked, nearest first (fewer
# once enough are open): enough to cover a neighbourhood and those next to it
CLOSED_SHOWN_PER_TYPE = 6  # when none of a type is open, the nearest few are weighed
# Food banks and community groups: closed on Christmas Day unless their entry says otherwise.
CHRISTMAS_CLOSED_TYPES = frozenset({
    "food_bank", "social_group", "befriending", "warm_space", "parent_support", "carers_support",
    "dementia_support", "bereavement_support", "physical_activity", "volunteering",
})  # fmt: skip
YOUNG_ONLY_BELOW_DAYS = (
    19 * 365.25 + 1
)  # a service whose upper age is below this is for young people
# Services for young people only are offered to an unknown age just where the answer marks
# them "for children" after the adult ones (a children's emergency department); any other
# (Childline, youth groups) only when the age is known to fit.
SHOWN_AFTER_FOR_UNKNOWN_AGE = frozenset({"emergency_department"})

# The service types that deliver each disposition, in DoS rank order.
DISPOSITION_TYPES: dict[Disposition, tuple[str, ...]] = {
    Disposition.EMERGENCY_999: ("emergency_department",),
    Disposition.A_AND_E: ("emergency_department",),
    Disposition.MENTAL_HEALTH_CRISIS: ("mental_health_crisis_line",),
    Disposition.SAFEGUARDING: ("safeguarding",),
    # 111 books a resident into an urgent treatment centre: the route when none is listed.
    Disposition.URGENT_CARE: ("urgent_treatment_centre", "nhs_111"),
    Disposition.NHS_111: ("nhs_111",),
    Disposition.GP: ("gp_practice",),
    Disposition.DENTAL: ("dentist",),
    Disposition.PHARMACY: ("pharmacy",),
    Disposition.SELF_CARE: (),
    Disposition.COMMUNITY: (),
    Disposition.UNCLEAR: (),
}
# When neither the disposition nor a topic names a service type: something local still helps.
FALLBACK_TYPES: dict[Disposition, tuple[str, ...]] = {
    Disposition.COMMUNITY: ("social_group", "befriending", "library"),
    Disposition.SELF_CARE: ("pharmacy",),
}
# How soon the service must be open to be offered (DoS disposition timeframes, coarsely).
WINDOW_MINUTES: dict[Disposition, int] = {
    Disposition.EMERGENCY_999: 0,
    Disposition.A_AND_E: 60,
    Disposition.MENTAL_HEALTH_CRISIS: 60,
    Disposition.SAFEGUARDING: 24 * 60,
    Disposition.URGENT_CARE: 4 * 60,
    Disposition.NHS_111: 2 * 60,
    Disposition.GP: 3 * 24 * 60,
    Disposition.DENTAL: 24 * 60,
    Disposition.PHARMACY: 12 * 60,
    Disposition.SELF_CARE: 24 * 60,
    Disposition.COMMUNITY: 7 * 24 * 60,
    Disposition.UNCLEAR: 24 * 60,
}


@dataclass(frozen=True)
class SearchQuery:
    disposition: Disposition
    now: dt.datetime
    topic_id: str | None = None
    topic_types: tuple[str, ...] = ()
    neighbourhoods: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    age_min_days: float | None = None
    age_max_days: float | None = None
    sex: str = "unknown"
    origin: tuple[float, float] | None = None  # lat, lon of the resident, if known
    include_demo: bool = False  # invented demo entries reach residents only in demo mode
    national_only: bool = False  # outside the city: national routes only, no local services

    @property
    def types(self) -> tuple[str, ...]:
        """Disposition types first (they decide), then what the topic says helps."""
        ordered = list(DISPOSITION_TYPES.get(self.disposition, ()))
        ordered += [t for t in self.topic_types if t not in ordered]
        return tuple(ordered or FALLBACK_TYPES.get(self.disposition, ()))


@dataclass(frozen=True)
class Candidate:
    """The columns ranking needs, without the schedule or text: cheap to read in bulk.
    A full ServiceProfile has the same attributes, so either can be searched."""

    id: str
    name: str
    type: str
    status: str
    coverage: Coverage
    lat: float | None = None
    lon: float | None = None
    last_reviewed: dt.date | None = None
    demo: bool = False
    source: str = "manual"
    age_min_days: float | None = None
    age_max_days: float | None = None
    sex: str = "any"
    dispositions: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()


LoadProfiles = Callable[[Sequence[str]], list[ServiceProfile]]


@dataclass(frozen=True)
class Found:
    profile: ServiceProfile
    open_status: str
    open_now: bool
    distance_km: float | None
    why: str


@dataclass(frozen=True)
class NearMiss:
    profile: ServiceProfile
    failed: str  # the one check it failed: status, age, sex, time


@dataclass
class SearchOutcome:
    results: list[Found] = field(default_factory=list)
    near_misses: list[NearMiss] = field(default_factory=list)

    @property
    def unmet(self) -> bool:
        return not self.results


def search(query: SearchQuery, candidates, load: LoadProfiles | None = None) -> SearchOutcome:
    """Filter and rank `candidates` (ServiceProfiles, or light Candidates plus `load` to fetch
    the full profiles of the few that get a time check)."""
    types = query.types
    type_rank = {t: i for i, t in enumerate(types)}
    outcome = SearchOutcome()
    eligible: list[tuple[tuple, ServiceProfile, float | None]] = []
    for profile in candidates:
        if profile.demo and not query.include_demo:
            continue  # nothing invented reaches a resident outside a demo deployment
        if query.national_only and profile.source != "national":
            continue
        if profile.type not in type_rank or not _profiled_for(profile, query):
            continue
        # Light candidates carry no coverage codes: the store already matched coverage.
        if (query.neighbourhoods or query.areas) and profile.coverage.codes:
            if not _covers(profile, query):
                continue
        failed = _static_failures(profile, query)
        if len(failed) == 1:
            outcome.near_misses.append(NearMiss(profile, failed[0]))
        if failed:
            continue
        distance = _distance(profile, query.origin)
        eligible.append((_static_key(profile, query, type_rank, distance), profile, distance))
    eligible.sort(key=lambda item: item[0])
    eligible = _first_of_each_type(eligible)
    if load is not None:
        # Light candidates carry no needs or dispositions: check those on the full profiles.
        full = {p.id: p for p in load([c.id for _, c, _ in eligible])}
        eligible = [
            (key, full[c.id], d)
            for key, c, d in eligible
            if c.id in full and _profiled_for(full[c.id], query)
        ]
    _pick(query, eligible, outcome)
    return outcome


def _first_of_each_type(eligible: list) -> list:
    """The best TIME_CHECKS_PER_TYPE of each type (the list is sorted by type rank first)."""
    kept = []
    seen: dict[str, int] = {}  # type -> how many of it so far
    for item in eligible:
        kind = item[1].type
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] <= TIME_CHECKS_PER_TYPE:
            kept.append(item)
    return kept


def _profiled_for(profile: ServiceProfile, query: SearchQuery) -> bool:
    if profile.needs and query.topic_id not in profile.needs:
        return False
    if profile.type in query.topic_types:
        return True  # the topic names this kind of service: profiled by type
    return not profile.dispositions or query.disposition.value in profile.dispositions


def _covers(profile: ServiceProfile, query: SearchQuery) -> bool:
    level, codes = profile.coverage.level, profile.coverage.codes
    if level == "city":
        return True
    wanted = query.areas if level == "area" else query.neighbourhoods
    return any(code in wanted for code in codes)


def _static_failures(profile: ServiceProfile, query: SearchQuery) -> list[str]:
    failed = []
    if profile.status != "active":
        failed.append("status")
    if query.age_min_days is not None:
        too_young = (
            profile.age_min_days is not None
            and query.age_max_days is not None
            and query.age_max_days <= profile.age_min_days
        )
        too_old = profile.age_max_days is not None and query.age_min_days > profile.age_max_days
        if too_young or too_old:
            failed.append("age")
    elif _young_only(profile) and profile.type not in SHOWN_AFTER_FOR_UNKNOWN_AGE:
        failed.append("age")  # unknown age: not assumed to be a child
    if profile.sex != "any" and query.sex in ("female", "male") and profile.sex != query.sex:
        failed.append("sex")
    return failed


def _young_only(profile) -> bool:
    return profile.age_max_days is not None and profile.age_max_days < YOUNG_ONLY_BELOW_DAYS


def _age_order(profile, query: SearchQuery) -> int:
    """Unknown age: services for young people only after the rest. A known child: theirs first."""
    if query.age_min_days is None:
        return int(_young_only(profile))
    child = query.age_max_days is not None and query.age_max_days < 16 * 365.25 + 1
    return int(child and not _young_only(profile))


def _distance(profile: ServiceProfile, origin) -> float | None:
    if origin is None or profile.lat is None or profile.lon is None:
        return None
    return haversine_km(origin[0], origin[1], profile.lat, profile.lon)


def _is_stale(profile: ServiceProfile, today: dt.date) -> bool:
    if profile.last_reviewed is None:
        return profile.source not in ("national", "embedded")
    return (today - profile.last_reviewed).days > STALE_AFTER_DAYS


def _static_key(profile, query, type_rank, distance) -> tuple:
    today = query.now.date()
    specificity = {"neighbourhood": 0, "area": 1, "city": 2}[profile.coverage.level]
    review_age = (today - profile.last_reviewed).days if profile.last_reviewed else 10_000
    return (
        type_rank[profile.type],
        _age_order(profile, query),
        _is_stale(profile, today),
        profile.demo,
        distance if distance is not None else 1e9,
        specificity,
        review_age,
        profile.name,
    )


def schedule_at(profile: ServiceProfile, now: dt.datetime) -> openinghours.Schedule:
    """The profile's schedule as it applies at `now`: food banks and groups are closed on
    Christmas Day unless their entry says otherwise (weekday hours are no guide to it)."""
    schedule = openinghours.Schedule.from_dict(profile.schedule or {})
    today = now.astimezone(openinghours.LONDON).date()
    if profile.type in CHRISTMAS_CLOSED_TYPES and (today.month, today.day) == (12, 25):
        schedule = openinghours.with_closed_day(
            schedule, today, wording.text("hours.christmas_day")
        )
    return schedule


def _pick(query: SearchQuery, eligible, outcome: SearchOutcome) -> None:
    """Nearest-first time checks, type by type in rank order. Within a type, open now (and
    not closing within 30 minutes) comes first; hours known only as text ("call to check")
    next; a closed service only when none of its type is open, those opening within the
    disposition's window first, each labelled with when it opens."""
    window = WINDOW_MINUTES.get(query.disposition, 24 * 60)
    now_utc = query.now.astimezone(openinghours.UTC)
    buckets: dict[str, tuple[list[Found], list[Found], list]] = {}
    for key, profile, distance in eligible:  # sorted by type rank, then distance
        open_now, unknown, closed = buckets.setdefault(profile.type, ([], [], []))
        if len(open_now) >= _limit(profile.type):
            continue  # enough open ones of this type: no need to check further away
        schedule = schedule_at(profile, query.now)
        if openstatus.open_for_a_while(schedule, query.now) is False:
            closed.append((key, profile, distance, schedule))  # looked at only if need be
            continue
        status = openstatus.status_at(schedule, query.now)
        found = _found(profile, schedule, status, query, key, distance)
        if not status.known and status.reason != openinghours.REASON_EXCEPTION:
            unknown.append(found)
        elif status.open_now and _open_long_enough(status, now_utc):
            open_now.append(found)
        else:
            closed.append((key, profile, distance, schedule))
    ranked: list[Found] = []
    for open_now, unknown, closed in buckets.values():
        if open_now:
            ranked += open_now + unknown
            continue
        later: list[tuple[bool, Found]] = []
        for key, profile, distance, schedule in closed[:CLOSED_SHOWN_PER_TYPE]:
            status = openstatus.status_at(schedule, query.now)
            available = status.known and _opens_within(status, schedule, query.now, now_utc, window)
            if not available:
                outcome.near_misses.append(NearMiss(profile, "time"))
            later.append((not available, _found(profile, schedule, status, query, key, distance)))
        # sorted() is stable: nearest first within "opens soon" and "later"
        ranked += unknown + [f for _, f in sorted(later, key=lambda item: item[0])]
    outcome.results = _capped(ranked)


def _found(profile, schedule, status, query: SearchQuery, key: tuple, distance) -> Found:
    said = openstatus.describe(status, query.now, schedule.text)
    return Found(profile, said, status.open_now, distance, _why(profile, query, key))


def _limit(service_type: str) -> int:
    return 1 if service_type in ONE_PER_TYPE else MAX_PER_TYPE


def _opens_within(status, schedule, now: dt.datetime, now_utc: dt.datetime, window: int) -> bool:
    """The DoS window check from the status already in hand (no second look-ahead), unless
    it is open but closing soon: then whether it reopens in time needs the full check."""
    if status.open_now:
        return openstatus.is_available(schedule, now, window)
    if status.next_opens_at is None:
        return False
    return status.next_opens_at.astimezone(openinghours.UTC) <= now_utc + dt.timedelta(
        minutes=window
    )


def _open_long_enough(status: openstatus.OpenStatus, now_utc: dt.datetime) -> bool:
    if status.closes_at is None:
        return True
    remaining = status.closes_at.astimezone(openinghours.UTC) - now_utc
    return remaining >= dt.timedelta(minutes=openstatus.CLOSING_SOON_MINUTES)


def _capped(found: list[Found]) -> list[Found]:
    per_type: dict[str, int] = {}
    kept = []
    for item in found:
        if per_type.get(item.profile.type, 0) < _limit(item.profile.type):
            per_type[item.profile.type] = per_type.get(item.profile.type, 0) + 1
            kept.append(item)
        if len(kept) == MAX_RESULTS:
            break
    return kept


def _why(profile: ServiceProfile, query: SearchQuery, key: tuple) -> str:
    where = wording.text(f"explain.coverage.{profile.coverage.level}")
    bits = [f"{profile.type} for {query.disposition.value}", where]
    if key[2]:
        bits.append(wording.text("explain.not_reviewed"))
    if profile.demo:
        bits.append(wording.text("explain.demo_entry"))
    return "; ".join(bits)
