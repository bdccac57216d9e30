"""Before/after differences between two service profiles (ServiceProfile.to_dict() shape).

Pure: staff see these diffs in the review queue and in a service's history, and approval
uses merge_changes so an edit only touches the fields it changed (a "still accurate" click
or a "closed today" switch made while the edit waited is kept, not overwritten).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import cast

from navigator.core.editing.hoursform import schedule_lines, without_today_switches

# What staff read instead of the field name.
FIELD_LABELS = {
    "name": "Name",
    "type": "Service type",
    "description": "Description",
    "dispositions": "Levels of care accepted",
    "needs": "Needs (topics)",
    "age_min_days": "Youngest age (days)",
    "age_max_days": "Oldest age (days)",
    "sex": "Sex",
    "eligibility": "Who can use it",
    "eligibility_text": "Eligibility notes",
    "access": "How to get in",
    "schedule": "Opening hours",
    "coverage": "Area covered",
    "address": "Address",
    "postcode": "Postcode",
    "lat": "Latitude",
    "lon": "Longitude",
    "phone": "Phone",
    "email": "Email",
    "website": "Website",
    "languages": "Languages",
    "accessibility": "Accessibility",
    "cost": "Cost",
    "status": "Status",
    "alert": "Notice",
    "last_reviewed": "Last reviewed",
    "reviewed_by": "Reviewed by",
    "next_review_due": "Next review due",
}


@dataclass(frozen=True)
class Change:
    field: str
    before: object
    after: object

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)

    @property
    def before_text(self) -> str:
        return display_value(self.field, self.before)

    @property
    def after_text(self) -> str:
        return display_value(self.field, self.after)


def _same(field: str, a: object, b: object) -> bool:
    if field == "schedule":  # the daily switch is not an edit of the opening hours
        # a profile's schedule is a dict (or missing)
        before, after = cast(dict, a or {}), cast(dict, b or {})
        return without_today_switches(before) == without_today_switches(after)
    return _canonical(a) == _canonical(b)


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def diff_profiles(before: dict | None, after: dict | None, ignore=()) -> list[Change]:
    """Changed fields in profile field order; a missing side (creation) reads as None."""
    before, after = before or {}, after or {}
    names = list(dict.fromkeys([*before, *after]))
    return [
        Change(name, before.get(name), after.get(name))
        for name in names
        if name not in ignore and not _same(name, before.get(name), after.get(name))
    ]


def merge_changes(current: dict, before: dict, after: dict) -> tuple[dict, list[str]]:
    """Apply the fields changed from `before` to `after` onto `current`.

    Returns (merged, conflicts): a conflict is a field someone else changed to a third value
    since the edit was made; the caller refuses to apply while there are any. The opening
    hours keep any closed-today/full-today switch that `current` carries.
    """
    merged = dict(current)
    conflicts = []
    for change in diff_profiles(before, after):
        now_value = current.get(change.field)
        if _same(change.field, now_value, change.before) or _same(
            change.field, now_value, change.after
        ):
            merged[change.field] = change.after
        else:
            conflicts.append(change.field)
    if "schedule" in merged and "schedule" in current:
        merged["schedule"] = _keep_switches(merged["schedule"], current["schedule"])
    return merged, conflicts


def _keep_switches(schedule: dict, current: dict) -> dict:
    switches = [e for e in current.get("exceptions") or [] if e not in _plain(current)]
    kept = dict(without_today_switches(schedule))
    kept["exceptions"] = list(kept.get("exceptions") or []) + switches
    return kept


def _plain(schedule: dict) -> list:
    return list(without_today_switches(schedule).get("exceptions") or [])


def display_value(field: str, value: object) -> str:
    if value is None or value == [] or value == "":
        return "(none)"
    if field == "schedule" and isinstance(value, dict):
        return "\n".join(schedule_lines(value)) or "(none)"
    if field == "coverage" and isinstance(value, dict):
        codes = value.get("neighbourhoods") or value.get("areas") or []
        return value.get("level", "city") + (": " + ", ".join(codes) if codes else "")
    if field in ("age_min_days", "age_max_days") and isinstance(value, int | float):
        return f"{value:g} days ({value / 365.25:.1f} years)"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
