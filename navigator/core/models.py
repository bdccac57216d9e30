"""The shared vocabulary: SPEC ids verbatim, as StrEnums and small dataclasses.

Nothing here knows about Flask, SQLite, Twilio or APScheduler.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Disposition(StrEnum):
    """SPEC section 4: one per answer, mirroring NHS 111 dispositions."""

    EMERGENCY_999 = "emergency_999"
    A_AND_E = "a_and_e"
    MENTAL_HEALTH_CRISIS = "mental_health_crisis"
    SAFEGUARDING = "safeguarding"
    URGENT_CARE = "urgent_care"
    NHS_111 = "nhs_111"
    GP = "gp"
    DENTAL = "dental"
    PHARMACY = "pharmacy"
    SELF_CARE = "self_care"
    COMMUNITY = "community"
    UNCLEAR = "unclear"

    @property
    def acuity(self) -> int:
        return ACUITY[self]

    @property
    def is_emergency(self) -> bool:
        return self.acuity >= EMERGENCY_ACUITY


ACUITY: dict[Disposition, int] = {
    Disposition.EMERGENCY_999: 9,
    Disposition.A_AND_E: 8,
    Disposition.MENTAL_HEALTH_CRISIS: 8,
    Disposition.SAFEGUARDING: 7,
    Disposition.URGENT_CARE: 6,
    Disposition.NHS_111: 5,
    Disposition.GP: 4,
    Disposition.DENTAL: 4,
    Disposition.PHARMACY: 3,
    Disposition.SELF_CARE: 2,
    Disposition.COMMUNITY: 1,
    Disposition.UNCLEAR: 0,
}
EMERGENCY_ACUITY = 8


def most_urgent(dispositions) -> Disposition:
    """The most urgent of several; ties keep the first given (callers order by priority)."""
    best = Disposition.UNCLEAR
    for d in dispositions:
        d = Disposition(d)
        if d.acuity > best.acuity:
            best = d
    return best


class ServiceType(StrEnum):
    """SPEC section 4 taxonomy: extend with care, never rename."""

    PHARMACY = "pharmacy"
    GP_PRACTICE = "gp_practice"
    URGENT_TREATMENT_CENTRE = "urgent_treatment_centre"
    EMERGENCY_DEPARTMENT = "emergency_department"
    DENTIST = "dentist"
    NHS_111 = "nhs_111"
    MENTAL_HEALTH_CRISIS_LINE = "mental_health_crisis_line"
    TALKING_THERAPIES = "talking_therapies"
    MENTAL_HEALTH_SUPPORT = "mental_health_support"
    SEXUAL_HEALTH = "sexual_health"
    FOOD_BANK = "food_bank"
    DEBT_ADVICE = "debt_advice"
    BENEFITS_ADVICE = "benefits_advice"
    HOUSING_ADVICE = "housing_advice"
    CARERS_SUPPORT = "carers_support"
    DEMENTIA_SUPPORT = "dementia_support"
    SOCIAL_GROUP = "social_group"
    BEFRIENDING = "befriending"
    BEREAVEMENT_SUPPORT = "bereavement_support"
    PHYSICAL_ACTIVITY = "physical_activity"
    WEIGHT_MANAGEMENT = "weight_management"
    STOP_SMOKING = "stop_smoking"
    DRUG_ALCOHOL_SUPPORT = "drug_alcohol_support"
    DOMESTIC_ABUSE_SUPPORT = "domestic_abuse_support"
    SAFEGUARDING = "safeguarding"
    PARENT_SUPPORT = "parent_support"
    WARM_SPACE = "warm_space"
    VOLUNTEERING = "volunteering"
    LIBRARY = "library"
    EMPLOYMENT_SUPPORT = "employment_support"
    GREEN_SPACE = "green_space"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNKNOWN = "unknown"


DAYS_PER_YEAR = 365.25  # NHS DoS holds ages in days with these factors
DAYS_PER_MONTH = 30.4375


@dataclass(frozen=True)
class Subject:
    """Who the message is about, as far as the text (or the caller) tells."""

    age_days: float | None = None
    sex: Sex = Sex.UNKNOWN
    third_person: bool = False
    relation: str | None = None  # "son", "nan"... the word the resident used
    pregnant: bool = False
    child: bool = False  # a child by the words used, even when no age is given

    @property
    def age_years(self) -> float | None:
        return None if self.age_days is None else self.age_days / DAYS_PER_YEAR


@dataclass(frozen=True)
class Service:
    """A search result as the navigate interface reports it."""

    id: str
    name: str
    type: str
    address: str | None = None
    postcode: str | None = None
    phone: str | None = None
    website: str | None = None
    distance_km: float | None = None
    open_status: str | None = None  # "open now, closes 18:00" / "opens tomorrow 09:00"
    why: str | None = None
    demo: bool = False
    extra: dict = field(default_factory=dict)
