"""Food banks and food aid (manchester_food_banks.csv, Trafford Data Lab survey).

Real data quality handled here: opening times are free text (parsed when core.hourstext is
confident, else kept as text), contacts mix phone numbers and emails in one cell, there are
no coordinates (the postcode places the service), and a row whose referral text says it is
no longer open becomes `closed`, or `temporarily_closed` while the publisher is "checking".
"""

from __future__ import annotations

import re

from navigator.core.directory.hourstext import parse_free_text_hours
from navigator.core.directory.profiles import Organisation
from navigator.importers.base import (
    Record,
    clean,
    first_email,
    first_phone,
    slug,
    website,
)
from navigator.importers.records import CsvImporter, ImportRow

SOURCE = "foodbanks"
REQUIRED = ("Name", "Referral method", "Opening times", "Address", "Postcode", "Contact",
            "Website")  # fmt: skip
HOURS_UNKNOWN_TEXT = "call to check"
CLOSED_PATTERN = re.compile(
    r"no longer (open|running|operating)|has (now )?closed|closed down|ceased|may have closed"
    r"|permanently closed",
    re.IGNORECASE,
)
UNCONFIRMED_PATTERN = re.compile(r"checking|confirm|may have|we think|told that", re.IGNORECASE)
REFERRAL_PATTERN = re.compile(r"referr?al|voucher|assessment|agency", re.IGNORECASE)
SELF_PATTERN = re.compile(r"self[- ]?refer|open door|first come|drop[- ]?in", re.IGNORECASE)
MEMBERSHIP_PATTERN = re.compile(r"membership|member|£", re.IGNORECASE)


def status_from_text(text: str | None) -> tuple[str, str | None]:
    """('closed' | 'temporarily_closed' | 'active', alert) read from the referral column."""
    if not text or not CLOSED_PATTERN.search(text):
        return "active", None
    if UNCONFIRMED_PATTERN.search(text):
        return "temporarily_closed", f"May have closed: {text}"
    return "closed", text


def access_from_text(text: str | None) -> tuple[tuple[str, ...], str]:
    """(access routes, eligibility) from the referral column; unknown -> no claim."""
    if not text:
        return (), "open_to_all"
    self_referral = bool(SELF_PATTERN.search(text))
    referral = bool(REFERRAL_PATTERN.search(text))
    if referral and not self_referral:
        return ("referral_needed",), "referral"
    if self_referral:
        walk_in = re.search(r"open door|first come|drop[- ]?in", text, re.IGNORECASE)
        return (("walk_in",) if walk_in else ("self_referral",)), "open_to_all"
    return (), "open_to_all"


def schedule_from_text(text: str | None) -> dict:
    if text is None:
        return {"weekly": [], "text": HOURS_UNKNOWN_TEXT}
    parsed = parse_free_text_hours(text)
    return parsed if parsed is not None else {"weekly": [], "text": text}


def _record(row: ImportRow) -> Record:
    name = row.name("Name")
    postcode = row.postcode("Postcode")
    referral = clean(row["Referral method"])
    status, alert = status_from_text(referral)
    if status != "active":
        row.warn(f"{name} marked {status} ({referral})")
    access, eligibility = access_from_text(referral)
    lat, lon = row.locator.point_of_postcode(postcode)
    org_id = f"{SOURCE}-{slug(name)}"
    service = row.service(
        postcode=postcode,
        lat=lat,
        lon=lon,
        id=f"{SOURCE}-{slug(name, postcode)}",
        organisation=org_id,
        name=name,
        type="food_bank",
        description="Food bank or food aid.",
        dispositions=("community",),
        eligibility=eligibility,
        eligibility_text=referral,
        access=access,
        schedule=schedule_from_text(clean(row["Opening times"])),
        address=clean(row["Address"]),
        phone=first_phone(row["Contact"]),
        email=first_email(row["Contact"]),
        website=website(row["Website"]),
        cost="membership fee" if referral and MEMBERSHIP_PATTERN.search(referral) else None,
        status=status,
        alert=alert,
    )
    return row.record(Organisation(org_id, name, source=SOURCE), service)


import_food_banks = CsvImporter(SOURCE, REQUIRED, _record)
