"""The `when:` conditions shared by red-flag rules and topic rules (see content/README.md).

Ages are held as a range of days because people say "my baby" or "she's 2": a condition on
age holds when the person's age *could* satisfy it. Every rule can only raise the level of
care, so reading doubt in favour of the rule is the cautious choice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from navigator.core.models import DAYS_PER_YEAR, Sex
from navigator.core.triage.facts import Facts

KNOWN_KEYS = frozenset(
    {
        "age_below_years",
        "age_from_years",
        "age_below_days",
        "age_unknown",
        "child",
        "sex",
        "pregnant",
        "duration_from_days",
        "temperature_from_c",
        "blood_sugar_from_mmol",
        "blood_sugar_below_mmol",
        "blood_sugar_last_below_mmol",
        "ketones_from_mmol",
        "unless_temperature_within_c",
        "any_terms",
        "with_topics",
    }
)


@dataclass(frozen=True)
class Context:
    """What a condition may look at."""

    facts: Facts
    has_terms: Callable[[tuple[str, ...]], bool]  # any of these phrases, not negated
    topic_ids: frozenset[str] = frozenset()


def validate(when: dict, where: str) -> dict:
    unknown = set(when) - KNOWN_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown condition(s) {sorted(unknown)}")
    if "sex" in when and when["sex"] not in ("female", "male"):
        raise ValueError(f"{where}: sex must be female or male")
    return when


def holds(when: dict, ctx: Context) -> bool:
    """Every listed condition holds; an unreadable one (age when no age is known) does not."""
    return all(_CHECKS[key](value, ctx) for key, value in when.items())


def _age_below_days(limit: float, ctx: Context) -> bool:
    youngest = ctx.facts.age_min_days  # None when no age is known
    return youngest is not None and youngest < limit


def _age_from_days(limit: float, ctx: Context) -> bool:
    # the top of the range is exclusive: "60" means 60 years up to the 61st birthday
    oldest = ctx.facts.age_max_days  # None when no age is known
    return oldest is not None and oldest > limit


def _sex(value: str, ctx: Context) -> bool:
    return ctx.facts.sex is Sex(value)


def _below(value: float | None, limit: float) -> bool:
    return value is not None and value < limit


def _at_least(value: float | None, limit: float) -> bool:
    return value is not None and value >= limit


def _not_within(value: float | None, bounds: list) -> bool:
    """No temperature given, or one outside [low, high): a stated normal reading is not a
    fever, while a low one in a baby is as worrying as a high one."""
    low, high = (float(b) for b in bounds)
    return value is None or not low <= value < high


# a condition's value is whatever the YAML holds; validate() and the content tests check it
_CHECKS: dict[str, Callable[[Any, Context], bool]] = {
    "age_below_years": lambda v, c: _age_below_days(float(v) * DAYS_PER_YEAR, c),
    "age_from_years": lambda v, c: _age_from_days(float(v) * DAYS_PER_YEAR, c),
    "age_below_days": lambda v, c: _age_below_days(float(v), c),
    "age_unknown": lambda v, c: (not c.facts.age_known) == bool(v),
    "child": lambda v, c: c.facts.child == bool(v),
    "sex": _sex,
    "pregnant": lambda v, c: c.facts.pregnant == bool(v),
    "duration_from_days": lambda v, c: _at_least(c.facts.duration_days, float(v)),
    "temperature_from_c": lambda v, c: _at_least(c.facts.temperature_c, float(v)),
    "blood_sugar_from_mmol": lambda v, c: _at_least(c.facts.blood_sugar_mmol, float(v)),
    "blood_sugar_below_mmol": lambda v, c: _below(c.facts.blood_sugar_low_mmol, float(v)),
    "blood_sugar_last_below_mmol": lambda v, c: _below(c.facts.blood_sugar_last_mmol, float(v)),
    "ketones_from_mmol": lambda v, c: _at_least(c.facts.ketones_mmol, float(v)),
    "unless_temperature_within_c": lambda v, c: _not_within(c.facts.temperature_c, v),
    "any_terms": lambda v, c: c.has_terms(tuple(v)),
    "with_topics": lambda v, c: bool(c.topic_ids & set(v)),
}
