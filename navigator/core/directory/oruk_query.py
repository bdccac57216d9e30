"""The ORUK API's query parameters, parsed and checked once (pure: the web layer passes the
query string in, store/oruk.py turns the result into SQL).

Meanings, as the ORUK 3.0 OpenAPI description words them:
- search: text in the name, description or service type.
- taxonomy_term_id: services carrying that term (a UUID from /taxonomy_terms).
- taxonomy_id: services carrying any term of that taxonomy (a UUID from /taxonomies).
- organization_id: services of that organisation (its UUID, or our own id).
- minimum_age: services whose minimum age is at least this (no stated minimum counts as 0).
- maximum_age: services whose stated maximum age is this or below (none stated: left out).
- day / start_time / end_time: services with a weekly session on that day (MO..SU or a
  day name), opening at or after start_time, closing at or before end_time (UK local time,
  HH:MM); an all-hours service counts as 00:00-24:00 every day. Given together, one session
  must meet them all.
- modified_after: services whose record changed at or after this ISO date or date-time
  (a time without an offset is UK local time).
- postcode + proximity (metres): services within proximity of the postcode, nearest first.
- page (from 1), per_page (1..MAX_PER_PAGE).
Anything else, or a value that does not parse, is a QueryError: the API answers 400.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from navigator.core.directory.openinghours import LONDON
from navigator.core.directory.oruk_taxonomy import Taxonomies, Taxonomy, Term

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 100_000
MAX_PROXIMITY_M = 50_000
DEFAULT_PROXIMITY_M = 5_000
MAX_TEXT_CHARS = 200
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_IDS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?$")
SERVICE_FILTERS = frozenset({
    "search", "taxonomy_term_id", "taxonomy_id", "organization_id", "minimum_age",
    "maximum_age", "day", "start_time", "end_time", "modified_after", "postcode", "proximity",
})  # fmt: skip
PAGING = frozenset({"page", "per_page"})


class QueryError(ValueError):
    """A parameter the API does not support, or a value it cannot read."""


@dataclass(frozen=True)
class ServiceQuery:
    search: str | None = None
    term: Term | None = None
    taxonomy: Taxonomy | None = None
    organization_id: str | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    day: str | None = None  # "mon".."sun"
    start_time: str | None = None  # "HH:MM"
    end_time: str | None = None
    modified_after: str | None = None  # ISO date-time with offset
    postcode: str | None = None
    proximity_m: int | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


def check_parameters(args, allowed: frozenset[str]) -> None:
    unknown = sorted(set(args) - allowed)
    if unknown:
        raise QueryError(
            f"unsupported parameter(s): {', '.join(unknown)}; this endpoint accepts: "
            + (", ".join(sorted(allowed)) or "no parameters")
        )
    repeated = sorted(k for k in args if len(_all(args, k)) > 1)
    if repeated:
        raise QueryError(f"give each parameter once: {', '.join(repeated)}")


def parse_paging(args) -> tuple[int, int]:
    return (_int(args, "page", 1, 1, MAX_PAGE),
            _int(args, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE))  # fmt: skip


def parse_service_query(args, vocabulary: Taxonomies, *, allowed=SERVICE_FILTERS) -> ServiceQuery:
    check_parameters(args, allowed | PAGING)
    page, per_page = parse_paging(args)
    text = _text(args, "search")
    term = taxonomy = None
    if (value := _text(args, "taxonomy_term_id")) is not None:
        term = vocabulary.term_by_id(value)
        if term is None:
            raise QueryError("taxonomy_term_id: no such taxonomy term (see /taxonomy_terms)")
    if (value := _text(args, "taxonomy_id")) is not None:
        taxonomy = vocabulary.taxonomy_by_id(value)
        if taxonomy is None:
            raise QueryError("taxonomy_id: no such taxonomy (see /taxonomies)")
    minimum, maximum = _age(args, "minimum_age"), _age(args, "maximum_age")
    postcode = _text(args, "postcode")
    proximity = None
    if postcode is not None:
        postcode = postcode[:16]
        proximity = _int(args, "proximity", DEFAULT_PROXIMITY_M, 1, MAX_PROXIMITY_M)
    elif _text(args, "proximity") is not None:
        raise QueryError("proximity needs a postcode")
    return ServiceQuery(
        search=text[:MAX_TEXT_CHARS] if text else None,
        term=term,
        taxonomy=taxonomy,
        organization_id=(_text(args, "organization_id") or None),
        minimum_age=minimum,
        maximum_age=maximum,
        day=_day(_text(args, "day")),
        start_time=_time(args, "start_time"),
        end_time=_time(args, "end_time"),
        modified_after=_moment(_text(args, "modified_after")),
        postcode=postcode,
        proximity_m=proximity,
        page=page,
        per_page=per_page,
    )


def _all(args, key) -> list:
    getlist = getattr(args, "getlist", None)
    return getlist(key) if getlist else [args[key]]


def _text(args, name: str) -> str | None:
    raw = args.get(name)
    if raw is None:
        return None
    text = str(raw).strip()
    return text or None


def _int(args, name: str, default: int, low: int, high: int) -> int:
    raw = _text(args, name)
    if raw is None:
        return default
    if not re.fullmatch(r"\d{1,9}", raw):
        raise QueryError(f"{name} must be a whole number")
    value = int(raw)
    if not low <= value <= high:
        raise QueryError(f"{name} must be between {low} and {high}")
    return value


def _age(args, name: str) -> float | None:
    raw = _text(args, name)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise QueryError(f"{name} must be a number of years") from None
    if not 0 <= value <= 130:
        raise QueryError(f"{name} must be between 0 and 130 years")
    return value


def _day(raw: str | None) -> str | None:
    if raw is None:
        return None
    key = raw.strip().lower()
    for ids in (tuple(b.lower() for b in BYDAY), DAY_IDS, DAY_NAMES):
        if key in ids:
            return DAY_IDS[ids.index(key)]
    raise QueryError("day must be one of MO, TU, WE, TH, FR, SA, SU (or a day name)")


def _time(args, name: str) -> str | None:
    raw = _text(args, name)
    if raw is None:
        return None
    match = TIME_PATTERN.match(raw)
    if match is None:
        raise QueryError(f"{name} must be a UK local time as HH:MM (24-hour)")
    return f"{match.group(1)}:{match.group(2)}"


def _moment(raw: str | None) -> str | None:
    if raw is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(raw.replace(" ", "+"))  # '+' arrives as a space
    except ValueError:
        raise QueryError("modified_after must be an ISO 8601 date or date-time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")
