"""Write demo_community.yaml: invented community services that exercise every route.

Run from the repository root: `.venv/bin/python directory/services/generate_demo.py`.
The output is deterministic (no clock, no randomness): the same script writes the same file.

Every entry is `demo: true`, named "Demo: ...", with no phone number, so nobody mistakes it
for a real service. It gives each SPEC service type (other than the NHS urgent and national
routes in the sibling files) one entry per area, and the everyday community types one entry
per neighbourhood, with varied hours, ages, access routes, languages and review dates so that
opening-hours, coverage, eligibility and staleness logic all have something to bite on.

Ward centroids are from the ONS 2023 ward boundaries (../shared/data/manchester_wards_2023
.geojson); each ward's postcode district is the commonest one among its NHSBSA pharmacies.
Contains National Statistics data (c) Crown copyright and database right; contains public
sector information licensed under the Open Government Licence v3.0; contains NHS Business
Services Authority data.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import yaml

OUTPUT_PATH = Path(__file__).with_name("demo_community.yaml")
# Review dates count back from this fixed day (not today) so the file never changes by itself.
REVIEW_REFERENCE_DATE = date(2026, 11, 24)
REVIEW_SPREAD_DAYS = 240  # about 8 months: entries older than 6 months are stale
COORD_JITTER_DEG = 0.002  # about 200 m, keeps entries apart yet inside even small wards
DAYS_PER_YEAR = 365.25

# ward name -> (lat, lon, postcode district)
WARDS: dict[str, tuple[float, float, str]] = {
    "Ancoats & Beswick": (53.48062, -2.20943, "M4"),
    "Ardwick": (53.46651, -2.21212, "M12"),
    "Baguley": (53.38873, -2.28457, "M23"),
    "Brooklands": (53.40408, -2.29036, "M23"),
    "Burnage": (53.43159, -2.20502, "M19"),
    "Charlestown": (53.52419, -2.19306, "M9"),
    "Cheetham": (53.49981, -2.24075, "M8"),
    "Chorlton": (53.4412, -2.28378, "M21"),
    "Chorlton Park": (53.43223, -2.26538, "M21"),
    "Clayton & Openshaw": (53.48017, -2.17481, "M11"),
    "Crumpsall": (53.51389, -2.23385, "M8"),
    "Deansgate": (53.47685, -2.24928, "M3"),
    "Didsbury East": (53.41392, -2.22547, "M20"),
    "Didsbury West": (53.42109, -2.2459, "M20"),
    "Fallowfield": (53.446, -2.22986, "M14"),
    "Gorton & Abbey Hey": (53.46182, -2.16569, "M18"),
    "Harpurhey": (53.50836, -2.21269, "M9"),
    "Higher Blackley": (53.5332, -2.23741, "M9"),
    "Hulme": (53.46678, -2.24547, "M15"),
    "Levenshulme": (53.44539, -2.18763, "M19"),
    "Longsight": (53.45673, -2.18786, "M13"),
    "Miles Platting & Newton Heath": (53.49602, -2.18862, "M40"),
    "Moss Side": (53.45426, -2.23706, "M14"),
    "Moston": (53.51332, -2.18685, "M40"),
    "Northenden": (53.40249, -2.26066, "M22"),
    "Old Moat": (53.43484, -2.23359, "M20"),
    "Piccadilly": (53.47869, -2.23047, "M1"),
    "Rusholme": (53.45154, -2.212, "M14"),
    "Sharston": (53.38487, -2.25556, "M22"),
    "Whalley Range": (53.44892, -2.2577, "M16"),
    "Withington": (53.43281, -2.219, "M20"),
    "Woodhouse Park": (53.36745, -2.27568, "M22"),
}

# SPEC section 3, ids verbatim: neighbourhood id -> (area, wards)
NEIGHBOURHOODS: dict[str, tuple[str, list[str]]] = {
    "cheetham-crumpsall": ("north", ["Cheetham", "Crumpsall"]),
    "blackley-harpurhey-charlestown": ("north", ["Higher Blackley", "Harpurhey", "Charlestown"]),
    "miles-platting-newton-heath-moston-city-centre": (
        "north",
        ["Miles Platting & Newton Heath", "Moston", "Deansgate", "Piccadilly"],
    ),
    "ancoats-clayton-bradford": ("north", ["Ancoats & Beswick", "Clayton & Openshaw"]),
    "ardwick-longsight": ("central", ["Ardwick", "Longsight"]),
    "chorlton-whalley-range-fallowfield": (
        "central",
        ["Chorlton", "Whalley Range", "Fallowfield"],
    ),
    "gorton-levenshulme": ("central", ["Gorton & Abbey Hey", "Levenshulme"]),
    "moss-side-hulme-rusholme": ("central", ["Moss Side", "Hulme", "Rusholme"]),
    "wythenshawe-baguley-sharston-woodhouse-park": (
        "south",
        ["Baguley", "Sharston", "Woodhouse Park"],
    ),
    "wythenshawe-brooklands-northenden": ("south", ["Brooklands", "Northenden"]),
    "old-moat-withington": ("south", ["Old Moat", "Withington"]),
    "didsbury-burnage-chorlton-park": (
        "south",
        ["Didsbury West", "Didsbury East", "Burnage", "Chorlton Park"],
    ),
}
AREAS = ("north", "central", "south")

# Languages spoken by staff or volunteers, by ward: a plausible mix, not a survey.
WARD_LANGUAGES: dict[str, list[str]] = {
    "Cheetham": ["en", "ur", "ar"],
    "Longsight": ["en", "ur", "bn"],
    "Moss Side": ["en", "so", "ar"],
    "Rusholme": ["en", "ur", "ar"],
    "Levenshulme": ["en", "ur", "pl"],
    "Gorton & Abbey Hey": ["en", "pl"],
    "Ardwick": ["en", "zh"],
    "Piccadilly": ["en", "zh"],
    "Crumpsall": ["en", "ur"],
    "Whalley Range": ["en", "pa", "ur"],
}

# type -> (label, venue); the order is the order entries appear in the file.
TYPE_PLACES: dict[str, tuple[str, str]] = {
    "pharmacy": ("Pharmacy", "Pharmacy, High Street"),
    "gp_practice": ("GP practice", "Health Centre"),
    "dentist": ("NHS dental practice", "Dental Surgery"),
    "mental_health_crisis_line": ("Local crisis line", "Crisis Centre"),
    "talking_therapies": ("Talking therapies", "Wellbeing Centre"),
    "mental_health_support": ("Mental health drop-in", "Community Centre"),
    "sexual_health": ("Sexual health clinic", "Health Centre"),
    "food_bank": ("Food bank", "Church Hall"),
    "debt_advice": ("Debt advice", "Advice Centre"),
    "benefits_advice": ("Benefits advice", "Advice Centre"),
    "housing_advice": ("Housing advice", "Advice Centre"),
    "carers_support": ("Carers support", "Community Centre"),
    "dementia_support": ("Memory cafe", "Community Centre"),
    "social_group": ("Friendship group", "Community Centre"),
    "befriending": ("Befriending", "Community Centre"),
    "bereavement_support": ("Bereavement support", "Community Centre"),
    "physical_activity": ("Gentle exercise", "Leisure Centre"),
    "weight_management": ("Healthy weight programme", "Leisure Centre"),
    "stop_smoking": ("Stop smoking service", "Health Centre"),
    "drug_alcohol_support": ("Drug and alcohol service", "Recovery Hub"),
    "domestic_abuse_support": ("Domestic abuse support", "Family Centre"),
    "parent_support": ("Parent and baby group", "Family Hub"),
    "warm_space": ("Warm space", "Community Centre"),
    "volunteering": ("Volunteer centre", "Community Centre"),
    "library": ("Library", "Library"),
    "employment_support": ("Work and skills support", "Job Club"),
    "green_space": ("Park", "Park"),
}
DESCRIPTIONS = {
    "pharmacy": "Pharmacy First, advice on minor illnesses, emergency contraception, medicines.",
    "gp_practice": "GP surgery for registered patients; registers new patients living nearby.",
    "dentist": "NHS dental check-ups and treatment; a few urgent slots each weekday.",
    "mental_health_crisis_line": "Someone to talk to when things feel too much, any time.",
    "talking_therapies": "Free NHS talking therapies for low mood, worry and stress.",
    "mental_health_support": "Peer support groups and one-to-one support for your wellbeing.",
    "sexual_health": "Contraception, STI testing and treatment, confidential.",
    "food_bank": "Emergency food parcels and toiletries; ask about a voucher.",
    "debt_advice": "Free, confidential help with debts, bills and arrears.",
    "benefits_advice": "Help checking and claiming benefits, forms and appeals.",
    "housing_advice": "Advice on repairs, rent arrears, eviction and homelessness.",
    "carers_support": "Support, breaks and a listening ear for unpaid carers.",
    "dementia_support": "Memory cafe for people living with dementia and those who care for them.",
    "social_group": "A friendly weekly group: tea, chat, games and trips.",
    "befriending": "A volunteer befriender who visits or calls each week.",
    "bereavement_support": "Support groups and one-to-one support after someone dies.",
    "physical_activity": "Walking groups, chair exercise and gentle classes for all abilities.",
    "weight_management": "A 12-week group to eat well and move more.",
    "stop_smoking": "Free support and nicotine replacement to help you quit.",
    "drug_alcohol_support": "Confidential support to cut down or stop drinking or using drugs.",
    "domestic_abuse_support": "Confidential support, safety planning and advocacy.",
    "parent_support": "Stay and play, baby weighing and support for parents and carers.",
    "warm_space": "Somewhere warm to sit, with a hot drink, wifi and company.",
    "volunteering": "Find volunteering that suits you, from one-off to every week.",
    "library": "Books, computers, free wifi, help getting online and a quiet place to sit.",
    "employment_support": "Help with CVs, applications, training and finding work.",
    "green_space": "A local park with paths, a play area and volunteer-led walks.",
}
# Clinical demo types belong to a demo health provider; the rest to an area's demo VCS body.
HEALTH_TYPES = ("pharmacy", "gp_practice", "dentist", "mental_health_crisis_line")
HEALTH_TYPES += ("talking_therapies", "sexual_health", "stop_smoking", "weight_management")
# Dispositions each type accepts (the brief's mapping); every other type takes [community].
TYPE_DISPOSITIONS = {
    "pharmacy": ["pharmacy", "self_care"],
    "gp_practice": ["gp"],
    "dentist": ["dental"],
    "mental_health_crisis_line": ["mental_health_crisis"],
    "talking_therapies": ["community", "gp"],
    "mental_health_support": ["community", "gp"],
    "sexual_health": ["pharmacy", "community", "gp"],
}
# Everyday community needs: one demo entry in every neighbourhood, not just every area.
NEIGHBOURHOOD_TYPES = [
    "food_bank",
    "debt_advice",
    "social_group",
    "befriending",
    "carers_support",
    "warm_space",
    "physical_activity",
    "parent_support",
    "stop_smoking",
    "housing_advice",
    "talking_therapies",
]
# service id -> alert: a couple of closures so the status filter has something to drop.
TEMPORARILY_CLOSED = {
    "demo-warm-space-gorton-levenshulme": "Demo: closed for building repairs until further notice.",
    "demo-social-group-old-moat-withington": "Demo: group paused while a new venue is found.",
}


def sessions(days: str, opens: str, closes: str) -> list[dict]:
    """Sessions for a day range: days as "mon-fri", "sat" or "mon,wed"."""
    order = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    if "-" in days:
        first, last = days.split("-")
        chosen = order[order.index(first) : order.index(last) + 1]
    else:
        chosen = days.split(",")
    return [{"day": day, "opens": opens, "closes": closes} for day in chosen]


def schedule(weekly=(), always_open=False, bank_holidays=None, exceptions=(), text=None):
    return {
        "always_open": always_open,
        "weekly": sorted_sessions(weekly),
        "bank_holidays": bank_holidays,
        "exceptions": list(exceptions),
        "text": text,
    }


def sorted_sessions(weekly) -> list[dict]:
    order = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    return sorted(weekly, key=lambda s: (order.index(s["day"]), s["opens"]))


CHRISTMAS_CLOSED = [
    {"date": date(2026, 12, 25), "sessions": [], "note": "Closed Christmas Day"},
    {"date": date(2026, 12, 26), "sessions": [], "note": "Closed Boxing Day"},
]
# Varied, realistic patterns; a service picks one by a stable index.
SCHEDULE_PATTERNS = [
    schedule(sessions("mon-fri", "09:00", "17:00")),
    schedule(
        sessions("mon-fri", "09:00", "12:30") + sessions("mon-fri", "13:30", "17:00"),
        bank_holidays=[],
    ),
    schedule(sessions("mon-thu", "10:00", "16:00") + sessions("tue,thu", "18:00", "20:30")),
    schedule(
        sessions("tue-fri", "10:00", "15:00") + sessions("sat", "10:00", "13:00"),
        exceptions=CHRISTMAS_CLOSED,
    ),
    schedule(sessions("mon,wed,fri", "10:00", "14:00"), bank_holidays=[]),
    schedule(text="Sessions change week to week; ask at the venue or check the noticeboard."),
    schedule(sessions("wed", "13:00", "15:30") + sessions("sat", "11:00", "14:00")),
    schedule(
        sessions("mon-fri", "08:30", "18:00") + sessions("sat", "09:00", "12:00"),
        exceptions=CHRISTMAS_CLOSED,
    ),
]
# Types whose hours follow their own pattern rather than the rotating ones above.
TYPE_SCHEDULES = {
    "pharmacy": [
        schedule(sessions("mon-fri", "09:00", "18:30") + sessions("sat", "09:00", "13:00")),
        schedule(
            sessions("mon-sat", "07:00", "23:00") + sessions("sun", "10:00", "20:00"),
            bank_holidays=[{"opens": "10:00", "closes": "18:00"}],
        ),
    ],
    "gp_practice": [schedule(sessions("mon-fri", "08:00", "18:30"), bank_holidays=[])],
    "dentist": [
        schedule(
            sessions("mon-fri", "09:00", "13:00") + sessions("mon-fri", "14:00", "17:30"),
            bank_holidays=[],
        )
    ],
    "mental_health_crisis_line": [schedule(always_open=True)],
    "green_space": [schedule(always_open=True)],
    "library": [
        schedule(
            sessions("mon,tue,thu,fri", "10:00", "17:00")
            + sessions("wed", "10:00", "19:00")
            + sessions("sat", "10:00", "16:00"),
            bank_holidays=[],
            exceptions=CHRISTMAS_CLOSED,
        )
    ],
}
TYPE_ACCESS = {
    "pharmacy": ["walk_in"],
    "gp_practice": ["appointment", "online"],
    "dentist": ["appointment"],
    "mental_health_crisis_line": ["online", "self_referral"],
    "talking_therapies": ["self_referral", "online"],
    "sexual_health": ["walk_in", "appointment"],
    "food_bank": ["referral_needed"],
    "debt_advice": ["appointment", "online"],
    "benefits_advice": ["walk_in", "appointment"],
    "housing_advice": ["walk_in", "online"],
    "befriending": ["self_referral", "referral_needed"],
    "weight_management": ["referral_needed"],
    "stop_smoking": ["self_referral", "walk_in"],
    "drug_alcohol_support": ["self_referral"],
    "domestic_abuse_support": ["self_referral", "online"],
    "library": ["walk_in"],
    "green_space": ["walk_in"],
}
ACCESSIBILITY_PATTERNS = [["step_free"], ["step_free", "accessible_toilet"], ["hearing_loop"], []]


def years_in_days(years: float) -> int:
    return int(years * DAYS_PER_YEAR)


def ages_for(service_type: str, index: int) -> tuple[int | None, int | None, str | None]:
    """(age_min_days, age_max_days, eligibility_text) where an age range is natural."""
    if service_type == "parent_support":
        if index % 2 == 0:  # age of the child the message is about
            return None, years_in_days(5) - 1, "Parents and carers of children under 5."
        return None, years_in_days(19) - 1, "Parents and carers of children and teenagers."
    if service_type == "dementia_support":
        return years_in_days(18), None, "People living with dementia, and their carers."
    if service_type == "social_group" and index % 3 == 0:
        return years_in_days(50), None, "For people aged 50 and over."
    if service_type == "befriending" and index % 2 == 1:
        return years_in_days(60), None, "For people aged 60 and over living alone."
    if service_type == "talking_therapies":
        return years_in_days(18), None, "Adults registered with a Manchester GP."
    return None, None, None


def service(service_type: str, index: int, place: str, area: str, coverage: dict) -> dict:
    """One demo entry; `place` is a ward name or "<area> Manchester", `index` varies details."""
    suffix = coverage.get("neighbourhoods", coverage.get("areas"))[0]
    sid = f"demo-{service_type.replace('_', '-')}-{suffix}"
    ward = place if place in WARDS else area_ward(area, index)
    label, venue = TYPE_PLACES[service_type]
    lat, lon, district = WARDS[ward]
    patterns = TYPE_SCHEDULES.get(service_type, SCHEDULE_PATTERNS)
    age_min, age_max, eligibility_text = ages_for(service_type, index)
    # Multiplying by a number coprime with the spread scatters review dates across 8 months.
    reviewed = REVIEW_REFERENCE_DATE - timedelta(days=(index * 53) % REVIEW_SPREAD_DAYS)
    jitter = ((index * 7) % 5 - 2) * COORD_JITTER_DEG / 2
    closed_note = TEMPORARILY_CLOSED.get(sid)
    return {
        "id": sid,
        "organisation": "demo-health" if service_type in HEALTH_TYPES else f"demo-vcs-{area}",
        "name": f"Demo: {label}, {place}",
        "type": service_type,
        "description": DESCRIPTIONS[service_type],
        "dispositions": TYPE_DISPOSITIONS.get(service_type, ["community"]),
        "needs": [],
        "age_min_days": age_min,
        "age_max_days": age_max,
        "sex": "any",
        "eligibility": "residents" if service_type == "talking_therapies" else "open_to_all",
        "eligibility_text": eligibility_text,
        "access": TYPE_ACCESS.get(service_type, ["walk_in", "self_referral"]),
        "schedule": patterns[index % len(patterns)],
        "coverage": coverage,
        "address": f"{venue}, {ward}, Manchester {district}",
        "postcode": district,
        "lat": round(lat + jitter, 5),
        "lon": round(lon - jitter, 5),
        "phone": None,
        "website": None,
        "languages": WARD_LANGUAGES.get(ward, ["en"]),
        "accessibility": ACCESSIBILITY_PATTERNS[index % len(ACCESSIBILITY_PATTERNS)],
        "cost": "free",
        "status": "temporarily_closed" if closed_note else "active",
        "alert": closed_note or "Illustrative demo entry: not a real service.",
        "last_reviewed": reviewed,
        "reviewed_by": "demo-data",
        "demo": True,
        "source": "demo",
    }


def area_ward(area: str, index: int) -> str:
    """A ward of the area to host an area-wide entry, rotating so hubs are spread out."""
    wards = [w for a, ws in NEIGHBOURHOODS.values() if a == area for w in ws]
    return wards[index % len(wards)]


def organisations() -> list[dict]:
    areas = [
        (f"demo-vcs-{area}", f"Demo: {area} Manchester community partnership") for area in AREAS
    ]
    named = [*areas, ("demo-health", "Demo: community health provider")]
    return [{"id": oid, "name": name, "website": None, "trusted": True} for oid, name in named]


def services() -> list[dict]:
    """Area-wide entries for every type first, then neighbourhood entries for everyday types."""
    built = []
    for service_type in TYPE_PLACES:
        for area in AREAS:
            coverage = {"level": "area", "areas": [area]}
            built.append(service(service_type, len(built), f"{area} Manchester", area, coverage))
    for type_number, service_type in enumerate(NEIGHBOURHOOD_TYPES):
        for neighbourhood, (area, wards) in NEIGHBOURHOODS.items():
            ward = wards[type_number % len(wards)]
            coverage = {"level": "neighbourhood", "neighbourhoods": [neighbourhood]}
            built.append(service(service_type, len(built), ward, area, coverage))
    return built


HEADER = """\
# GENERATED by generate_demo.py: edit that script, then run it; do not edit this file by hand.
# Invented demo community services (demo: true, no phone numbers): they show each route
# working until real services are imported or added by their organisations.
# Ward centroids: ONS 2023 ward boundaries. Contains National Statistics data (c) Crown
# copyright and database right; contains public sector information licensed under the Open
# Government Licence v3.0; contains NHS Business Services Authority data.
"""


class NoAliasDumper(yaml.SafeDumper):
    """Shared schedule and list objects must be written out in full, not as YAML aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def render() -> str:
    document = {"organisations": organisations(), "services": services()}
    body = yaml.dump(
        document,
        Dumper=NoAliasDumper,
        sort_keys=False,
        default_flow_style=None,
        width=100,
        allow_unicode=False,
    )
    return HEADER + body


def main() -> None:
    OUTPUT_PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {OUTPUT_PATH}")


if __name__ == "__main__":
    main()
