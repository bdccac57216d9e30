"""Checks every topic file against the schema, then each area's files against its stricter
limits and clinical pins (injuries and GP, minor illness and Pharmacy First, mental health and
social needs; formerly three per-area test modules).

Every file: no bad key, no overlong SMS, no term claimed twice, no keyword so common it
identifies nothing. Each area: its kind, nudge window and generic words, rules a reader can
trust, and the routes its guidance names (these files drive routing, so a typo in a rule key
or a disposition id would silently drop a safety rule).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from navigator.core.models import ACUITY, Disposition, ServiceType

TOPICS_DIR = Path(__file__).resolve().parents[2] / "content" / "topics"
TOPIC_IDS = tuple(sorted(p.stem for p in TOPICS_DIR.glob("*.md")))

REQUIRED_KEYS = {
    "id", "title", "kind", "summary", "sms_advice", "terms", "keywords", "disposition",
    "rules", "service_types", "nudge_after_hours", "sources", "reviewed", "review_due",
}  # fmt: skip
OPTIONAL_KEYS = {"pharmacy_first", "notes", "sensitive"}
CONDITION_KEYS = {
    "age_below_years", "age_from_years", "age_below_days", "age_unknown", "child", "sex",
    "pregnant", "duration_from_days", "temperature_from_c", "unless_temperature_within_c",
    "blood_sugar_from_mmol", "blood_sugar_below_mmol", "ketones_from_mmol", "any_terms",
    "with_topics",
}  # fmt: skip
KINDS = {"health", "mental_health", "social"}
GSM7_PLAIN_ASCII = set(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 \n!\"#%&'()*+,-./:;<=>?@$_"
)
SMS_MAX_CHARS = 160
MIN_TERMS, MAX_TERM_WORDS = 6, 4
MIN_KEYWORDS, MAX_KEYWORDS = 5, 25
MAX_TOPICS_PER_KEYWORD = 4  # a keyword in more topics than this points nowhere
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TERM_PATTERN = re.compile(r"^[a-z0-9]+( [a-z0-9]+)*$")  # no apostrophes, no punctuation
# A single word, or a two-word compound such as "council tax".
KEYWORD_PATTERN = re.compile(r"^[a-z0-9]+( [a-z0-9]+)?$")
BODY_SECTIONS = (
    "What it is", "Look after yourself", "A pharmacist can help", "See a GP",
    "Call 111", "Call 999 or go to A&E", "Who can help",
)  # fmt: skip
BODY_MIN_WORDS, BODY_MAX_WORDS = 150, 350
NUDGE_MIN_HOURS, NUDGE_MAX_HOURS = 24, 14 * 24  # social follow-ups can wait a week or two
# Everyday words that would match far too many messages to point to any one topic.
GENERIC_WORDS = {
    "pain", "sick", "bad", "hurts", "ill", "unwell", "ache", "sore", "cold", "help", "feel",
    "need", "head", "back", "baby", "mum", "work",
}  # fmt: skip


def load_topic(topic_id: str) -> tuple[dict, str]:
    lines = (TOPICS_DIR / f"{topic_id}.md").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "---", f"{topic_id}: file must start with a '---' line"
    end = lines.index("---", 1)
    return yaml.safe_load("\n".join(lines[1:end])), "\n".join(lines[end + 1 :])


TOPICS = {topic_id: load_topic(topic_id) for topic_id in TOPIC_IDS}


@pytest.fixture(params=TOPIC_IDS)
def topic(request) -> tuple[str, dict, str]:
    return (request.param, *TOPICS[request.param])


def test_there_are_many_topics():
    assert len(TOPIC_IDS) >= 100


def test_keys_ids_and_kind(topic):
    topic_id, front, _ = topic
    keys = set(front)
    assert keys >= REQUIRED_KEYS, f"{topic_id} misses {REQUIRED_KEYS - keys}"
    assert keys <= REQUIRED_KEYS | OPTIONAL_KEYS, f"{topic_id}: unknown {keys - REQUIRED_KEYS}"
    assert front["id"] == topic_id and ID_PATTERN.match(topic_id)
    assert front["kind"] in KINDS
    assert front["title"].strip() and front["summary"].strip()


def test_disposition_service_types_and_rules_are_model_ids_that_only_raise(topic):
    topic_id, front, _ = topic
    default = Disposition(front["disposition"])
    assert front["service_types"], topic_id
    for service_type in front["service_types"]:
        ServiceType(service_type)
    for rule in front["rules"]:
        assert {"when", "disposition", "why"} <= set(rule), (topic_id, rule)
        assert set(rule) <= {"when", "disposition", "why", "decides"}, (topic_id, rule)
        assert isinstance(rule.get("decides", False), bool), (topic_id, rule)
        assert not rule.get("decides") or "any_terms" in rule["when"], (topic_id, rule)
        assert rule["when"] and set(rule["when"]) <= CONDITION_KEYS, (topic_id, rule["when"])
        assert ACUITY[Disposition(rule["disposition"])] > ACUITY[default], (topic_id, rule)
        assert rule["why"].strip(), (topic_id, rule)
        for other in rule["when"].get("with_topics", []):
            assert other in TOPICS, (topic_id, other)


def test_sms_advice_fits_one_plain_gsm7_segment(topic):
    topic_id, front, _ = topic
    sms = " ".join(front["sms_advice"].split())
    assert len(sms) <= SMS_MAX_CHARS, f"{topic_id}: {len(sms)} chars"
    assert not set(sms) - GSM7_PLAIN_ASCII, f"{topic_id}: {set(sms) - GSM7_PLAIN_ASCII}"


def test_terms_are_lowercase_short_and_specific(topic):
    topic_id, front, _ = topic
    terms = front["terms"]
    assert len(terms) >= MIN_TERMS, topic_id
    assert len(set(terms)) == len(terms), f"{topic_id}: duplicate terms"
    for term in terms:
        assert isinstance(term, str) and TERM_PATTERN.match(term), (topic_id, term)
        assert len(term.split()) <= MAX_TERM_WORDS, (topic_id, term)
        assert term not in GENERIC_WORDS, (topic_id, term)


def test_keywords_are_lowercase_words_and_not_everyday_words(topic):
    topic_id, front, _ = topic
    keywords = front["keywords"]
    assert isinstance(keywords, list), topic_id
    assert MIN_KEYWORDS <= len(keywords) <= MAX_KEYWORDS, f"{topic_id}: {len(keywords)}"
    assert len(set(keywords)) == len(keywords), f"{topic_id}: duplicate keywords"
    for keyword in keywords:
        assert isinstance(keyword, str) and KEYWORD_PATTERN.match(keyword), (topic_id, keyword)
        assert keyword not in GENERIC_WORDS, (topic_id, keyword)


def test_sources_review_dates_and_nudge(topic):
    topic_id, front, _ = topic
    assert any(str(s.get("url", "")).startswith("https://") for s in front["sources"]), topic_id
    for source in front["sources"]:
        assert source.get("title") and str(source.get("url", "")).startswith("http"), source
    assert isinstance(front["reviewed"], dt.date) and front["reviewed"] < front["review_due"]
    assert NUDGE_MIN_HOURS <= front["nudge_after_hours"] <= NUDGE_MAX_HOURS, topic_id


def test_body_is_short_and_uses_the_readme_sections_in_order(topic):
    topic_id, _, body = topic
    words = len(re.findall(r"[A-Za-z0-9']+", body))
    assert BODY_MIN_WORDS <= words <= BODY_MAX_WORDS, f"{topic_id}: {words} words"
    headings = re.findall(r"^## (.+)$", body, flags=re.MULTILINE)
    assert headings and headings[0] == "What it is", topic_id
    assert all(h in BODY_SECTIONS for h in headings), (topic_id, headings)
    positions = [BODY_SECTIONS.index(h) for h in headings]
    assert positions == sorted(positions), f"{topic_id}: sections out of order"


def test_no_term_is_claimed_by_two_topics():
    owner: dict[str, str] = {}
    for topic_id, (front, _) in TOPICS.items():
        for term in front["terms"]:
            assert term not in owner, f"{term!r} in both {owner.get(term)} and {topic_id}"
            owner[term] = topic_id


def test_no_keyword_is_shared_by_too_many_topics():
    counts = Counter(k for front, _ in TOPICS.values() for k in set(front["keywords"]))
    crowded = {k: n for k, n in counts.items() if n > MAX_TOPICS_PER_KEYWORD}
    assert not crowded, crowded


def test_the_project_loader_reads_every_file():
    from navigator.core.triage.topics import load_topics

    assert set(load_topics(TOPICS_DIR)) == set(TOPIC_IDS)


# -- each area's stricter limits ---------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    name: str
    ids: tuple[str, ...]
    kinds: frozenset[str]
    nudge_hours: tuple[int, int]
    generic_terms: frozenset[str]  # bare words too common to identify one of its topics
    sections: tuple[str, ...]  # the body headings it may use, in order


HEALTH_SECTIONS = BODY_SECTIONS[:-1]  # "Who can help" is for social needs
INJURY_GP = Area(
    "injuries and GP",
    (
        "sprains-and-strains", "back-pain", "broken-bone", "cuts-and-wounds", "burns-and-scalds",
        "head-injury", "bites-animal-and-human", "eye-injury", "toothache",
        "broken-tooth-or-filling", "tummy-pain", "medicines-and-prescriptions",
        "medicine-taken-by-mistake", "breast-lump", "mole-changes", "weight-loss-unexplained",
        "blood-in-urine", "tiredness", "fit-note", "high-blood-sugar", "pregnancy-worries",
        "sleep-problems", "falls-in-older-people", "dizziness", "sore-eyes-and-vision",
    ),
    frozenset({"health"}),
    (24, 72),
    frozenset({
        "pain", "sick", "bad", "hurts", "ill", "unwell", "ache", "sore", "cold", "broken",
        "burn", "cut", "bite", "bitten", "fell", "fall", "tired", "exhausted", "pregnant",
        "diabetic", "diabetes", "eye", "eyes", "tooth", "teeth", "blood", "bleeding", "head",
        "back",
    }),
    HEALTH_SECTIONS,
)  # fmt: skip
MINOR_ILLNESS = Area(
    "minor illness",
    (
        "sore-throat", "earache", "sinusitis", "uti", "impetigo", "insect-bite", "shingles",
        "common-cold", "flu", "cough", "chest-infection", "fever", "headache", "hay-fever",
        "conjunctivitis", "head-lice", "threadworms", "thrush", "cold-sore", "heartburn",
        "constipation", "diarrhoea-and-vomiting", "hangover", "sunburn", "period-pain",
        "chickenpox", "emergency-contraception", "rash", "sexual-health", "eczema-and-dry-skin",
    ),
    frozenset({"health"}),
    (24, 72),
    frozenset({"pain", "sick", "bad", "hurts", "ill", "unwell", "ache", "sore", "cold"}),
    HEALTH_SECTIONS,
)  # fmt: skip
SOCIAL = Area(
    "mental health and social needs",
    (
        "low-mood", "anxiety", "mental-health-crisis", "self-harm", "loneliness", "bereavement",
        "food", "money-and-debt", "energy-bills", "benefits", "housing", "carers", "dementia",
        "physical-activity", "weight", "stop-smoking", "alcohol", "drugs", "domestic-abuse",
        "new-parents", "employment", "warm-spaces", "volunteering", "libraries-and-learning",
        "green-spaces", "gambling",
    ),
    frozenset(KINDS),
    (48, 168),
    frozenset({
        "help", "need", "bad", "sad", "worried", "money", "cold", "work", "home", "alone",
    }),
    BODY_SECTIONS,
)  # fmt: skip
AREAS = (INJURY_GP, MINOR_ILLNESS, SOCIAL)
AREA_TOPICS = [pytest.param(a, t, id=t) for a in AREAS for t in a.ids]
PHARMACY_FIRST_CONDITIONS = {
    "sore-throat", "earache", "sinusitis", "uti", "impetigo", "insect-bite", "shingles",
}  # fmt: skip
NUMBER_CONDITIONS = {
    "age_below_years", "age_from_years", "age_below_days", "duration_from_days",
    "temperature_from_c", "blood_sugar_from_mmol", "blood_sugar_below_mmol", "ketones_from_mmol",
}  # fmt: skip
MAX_RULE_TERM_WORDS = 5  # injuries and GP: rule phrases such as "cant put weight on it" may be one longer
MIN_WHY_WORDS = 5  # injuries and GP: a rule explains itself
MAX_REVIEW_INTERVAL_DAYS = 366
INJURY_SOURCE_URL = re.compile(r"https://[a-z0-9.]+\.(nhs\.uk|gov\.uk|org\.uk)/")
# The only phone numbers social content may state (SHARED NOTES "Crisis and emergency routes").
ALLOWED_NUMBERS = {"999", "111", "116 123", "85258", "0808 2000 247", "0800 1111"}
PHONE_LIKE = re.compile(r"\b0\d{2,4}(?: ?\d{3,4}){1,3}\b|\b116 ?\d{3}\b|\b\d{5}\b")
CRISIS_IDS = ("mental-health-crisis", "self-harm")


def test_the_areas_name_real_topics_once():
    ids = [t for area in AREAS for t in area.ids]
    assert len(ids) == len(set(ids)) and set(ids) <= set(TOPIC_IDS)


@pytest.mark.parametrize(("area", "topic_id"), AREA_TOPICS)
def test_area_kind_identity_and_pharmacy_first(area, topic_id):
    front, _ = TOPICS[topic_id]
    assert front["kind"] in area.kinds, topic_id
    assert isinstance(front["title"], str) and isinstance(front["summary"], str)
    assert Disposition(front["disposition"]) != Disposition.UNCLEAR, topic_id
    assert len(set(front["service_types"])) == len(front["service_types"]), topic_id
    sms = front["sms_advice"]  # as written, before any whitespace is folded
    assert len(sms) <= SMS_MAX_CHARS and set(sms) <= GSM7_PLAIN_ASCII, topic_id
    assert isinstance(front["rules"], list), topic_id
    if area is INJURY_GP:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", topic_id)
    if topic_id in PHARMACY_FIRST_CONDITIONS:
        block = front["pharmacy_first"]
        assert block["condition"] and block["min_age_years"] >= 1, topic_id
        assert front["disposition"] == "pharmacy"
        assert front["service_types"][0] == "pharmacy"
    else:
        assert "pharmacy_first" not in front, "Pharmacy First is only for the 7 conditions"


@pytest.mark.parametrize(("area", "topic_id"), AREA_TOPICS)
def test_area_terms_are_not_its_generic_words(area, topic_id):
    for term in TOPICS[topic_id][0]["terms"]:
        assert term.isascii() and "'" not in term, f"{topic_id}: write {term!r} without '"
        assert term not in area.generic_terms, f"{topic_id}: {term!r} is too generic"


@pytest.mark.parametrize(("area", "topic_id"), AREA_TOPICS)
def test_area_rules_are_readable(area, topic_id):
    for rule in TOPICS[topic_id][0]["rules"]:
        when = rule["when"]
        for key in NUMBER_CONDITIONS & set(when):
            assert isinstance(when[key], int | float) and not isinstance(when[key], bool)
        for key in {"age_unknown", "child", "pregnant"} & set(when):
            assert when[key] is True, (topic_id, when)
        for key in ("any_terms", "with_topics"):
            if key in when:
                assert isinstance(when[key], list) and when[key], (topic_id, key)
        for phrase in when.get("any_terms", []):
            assert isinstance(phrase, str) and phrase == phrase.lower().strip(), phrase
            if area is INJURY_GP:
                assert 1 <= len(phrase.split()) <= MAX_RULE_TERM_WORDS, phrase
        for other in when.get("with_topics", []):
            assert (TOPICS_DIR / f"{other}.md").exists(), (topic_id, other)
        if "sex" in when:
            assert when["sex"] in {"female", "male"}
        if area is INJURY_GP:
            assert len(rule["why"].split()) >= MIN_WHY_WORDS, f"{topic_id}: explain why: {rule}"


@pytest.mark.parametrize(("area", "topic_id"), AREA_TOPICS)
def test_area_nudge_review_and_sources(area, topic_id):
    front, _ = TOPICS[topic_id]
    low, high = area.nudge_hours
    nudge = front["nudge_after_hours"]
    assert isinstance(nudge, int) and low <= nudge <= high, topic_id
    reviewed, due = front["reviewed"], front["review_due"]
    assert isinstance(due, dt.date)
    if area is not MINOR_ILLNESS:
        assert 0 < (due - reviewed).days <= MAX_REVIEW_INTERVAL_DAYS, topic_id
    for source in front["sources"]:
        assert source["title"].strip()
        if area is INJURY_GP:
            assert INJURY_SOURCE_URL.match(source["url"]), source


@pytest.mark.parametrize(("area", "topic_id"), AREA_TOPICS)
def test_area_body_is_plain_and_in_its_sections(area, topic_id):
    front, body = TOPICS[topic_id]
    if area is not MINOR_ILLNESS:
        assert body.isascii(), f"{topic_id}: curly quotes or other non-ASCII in body"
    if area is INJURY_GP:  # counted by whitespace too, not only by word characters
        assert BODY_MIN_WORDS <= len(body.split()) <= BODY_MAX_WORDS, topic_id
    headings = re.findall(r"^## (.+)$", body, flags=re.MULTILINE)
    assert all(h in area.sections for h in headings), (topic_id, headings)
    order = [area.sections.index(h) for h in headings]
    assert order == sorted(set(order)), f"{topic_id}: sections out of order {headings}"
    if area is SOCIAL:
        text = " ".join([front["sms_advice"], front["summary"], body])
        for number in PHONE_LIKE.findall(text):
            assert number in ALLOWED_NUMBERS, f"{topic_id}: {number!r} is not an allowed number"


def test_the_project_parser_keeps_minor_illness_advice_short():
    from navigator.core.triage.topics import parse_topic

    for topic_id in MINOR_ILLNESS.ids:
        path = TOPICS_DIR / f"{topic_id}.md"
        topic = parse_topic(path.read_text(encoding="utf-8"), path.name)
        assert topic.id == topic_id
        assert len(topic.sms_advice) <= SMS_MAX_CHARS, topic_id


# -- clinical pins: minor illness and Pharmacy First -------------------------------------------


def rules_reaching(front: dict, disposition: str) -> list[dict]:
    return [r["when"] for r in front["rules"] if r["disposition"] == disposition]


def test_uti_sends_men_older_younger_and_pregnant_women_to_a_gp():
    gp_conditions = rules_reaching(TOPICS["uti"][0], "gp")
    assert {"sex": "male"} in gp_conditions
    assert {"age_from_years": 65} in gp_conditions
    assert {"age_below_years": 16} in gp_conditions
    assert {"pregnant": True} in gp_conditions


def test_fever_in_young_babies_needs_111():
    urgent = rules_reaching(TOPICS["fever"][0], "nhs_111")
    assert {"age_below_days": 90, "temperature_from_c": 38} in urgent
    assert {"age_below_days": 180, "temperature_from_c": 39} in urgent
    assert {"temperature_from_c": 40} in urgent


@pytest.mark.parametrize(
    ("topic_id", "min_age"),
    [("sore-throat", 5), ("sinusitis", 12), ("impetigo", 1), ("insect-bite", 1),
     ("shingles", 18), ("uti", 16), ("earache", 1)],
)  # fmt: skip
def test_pharmacy_first_lower_age_limit_routes_younger_people_elsewhere(topic_id, min_age):
    front, _ = TOPICS[topic_id]
    assert front["pharmacy_first"]["min_age_years"] == min_age
    younger = [w for w in front["rules"] if w["when"] == {"age_below_years": min_age}]
    assert younger and ACUITY[Disposition(younger[0]["disposition"])] > ACUITY[Disposition.PHARMACY]


# -- clinical pins: mental health and social needs ---------------------------------------------


@pytest.mark.parametrize("topic_id", CRISIS_IDS)
def test_crisis_topics_route_to_crisis_with_the_crisis_lines(topic_id):
    front, body = TOPICS[topic_id]
    assert front["disposition"] == Disposition.MENTAL_HEALTH_CRISIS
    assert front["service_types"][0] == ServiceType.MENTAL_HEALTH_CRISIS_LINE
    for number in ("116 123", "111", "999"):
        assert number in front["sms_advice"] and number in body
    assert any(
        Disposition(r["disposition"]) == Disposition.EMERGENCY_999 for r in front["rules"]
    ), "an overdose or serious injury must raise to 999"


def test_crisis_words_are_terms_of_the_crisis_topics():
    crisis_terms = set(TOPICS["mental-health-crisis"][0]["terms"])
    self_harm_terms = set(TOPICS["self-harm"][0]["terms"])
    assert {"suicidal", "kill myself", "end my life", "want to die"} <= crisis_terms
    assert {"self harm", "cutting myself", "hurting myself"} <= self_harm_terms


def test_domestic_abuse_gives_the_helpline_and_999():
    front, body = TOPICS["domestic-abuse"]
    assert "0808 2000 247" in front["sms_advice"] and "999" in front["sms_advice"]
    assert "0808 2000 247" in body and "999" in body
    assert front["service_types"] == [ServiceType.DOMESTIC_ABUSE_SUPPORT]


@pytest.mark.parametrize(
    ("topic_id", "first_service"),
    [
        ("low-mood", "talking_therapies"),
        ("food", "food_bank"),
        ("money-and-debt", "debt_advice"),
        ("housing", "housing_advice"),
        ("carers", "carers_support"),
        ("stop-smoking", "stop_smoking"),
        ("alcohol", "drug_alcohol_support"),
        ("new-parents", "parent_support"),
        ("warm-spaces", "warm_space"),
    ],
)
def test_social_needs_default_to_community_with_the_right_service(topic_id, first_service):
    front, _ = TOPICS[topic_id]
    assert front["disposition"] == Disposition.COMMUNITY
    assert front["service_types"][0] == first_service


# -- injuries and GP: routes under an exact-phrase reading (the real matcher is more forgiving)


def phrase_in(phrase: str, text: str) -> bool:
    return re.search(rf"(?<![a-z]){re.escape(phrase)}(?![a-z])", text) is not None


def route(
    topic_id: str,
    text: str,
    *,
    age: float | None = None,
    pregnant: bool = False,
    child: bool = False,
    days: int | None = None,
    temp_c: float | None = None,
    sugar: float | None = None,
    ketones: float | None = None,
) -> str:
    """The most urgent of the default and every rule whose conditions all hold."""
    front, _ = TOPICS[topic_id]
    text = text.lower().replace("'", "")
    facts = {
        "age_below_years": lambda n: age is not None and age < n,
        "age_from_years": lambda n: age is not None and age >= n,
        "age_below_days": lambda n: age is not None and age * 365.25 < n,
        "age_unknown": lambda _: age is None,
        "child": lambda _: child or (age is not None and age < 16),
        "sex": lambda _: False,
        "pregnant": lambda _: pregnant,
        "duration_from_days": lambda n: days is not None and days >= n,
        "temperature_from_c": lambda n: temp_c is not None and temp_c >= n,
        "blood_sugar_from_mmol": lambda n: sugar is not None and sugar >= n,
        "blood_sugar_below_mmol": lambda n: sugar is not None and sugar < n,
        "ketones_from_mmol": lambda n: ketones is not None and ketones >= n,
        "any_terms": lambda phrases: any(phrase_in(p, text) for p in phrases),
        "with_topics": lambda _: False,
    }
    levels = [front["disposition"]]
    for rule in front["rules"]:
        if all(facts[key](value) for key, value in rule["when"].items()):
            levels.append(rule["disposition"])
    return max(levels, key=lambda d: ACUITY[Disposition(d)])


def matches(topic_id: str, text: str) -> bool:
    text = text.lower().replace("'", "")
    return any(phrase_in(str(term), text) for term in TOPICS[topic_id][0]["terms"])


ROUTES = [
    ("sprains-and-strains", "rolled my ankle at the park", {}, "urgent_care"),
    ("sprains-and-strains", "twisted my ankle cant put weight on it", {}, "urgent_care"),
    ("sprains-and-strains", "twisted my wrist, can i get it x rayed at a walk in", {}, "urgent_care"),
    # nhs.uk Flu: an urgent GP appointment (or 111) at 65 or over; 111 in pregnancy
    ("flu", "think ive got flu, aching and shivery", {"age": 70}, "gp"),
    ("flu", "flu and im pregnant", {"pregnant": True}, "nhs_111"),
    # nhs.uk Dry eyes: a pharmacist; a change in eyesight: an optician or GP
    ("sore-eyes-and-vision", "my eyes are sore and gritty after a day at the screen", {}, "pharmacy"),
    ("sore-eyes-and-vision", "blurry vision when i read the paper", {}, "gp"),
    # nhs.uk Tiredness and fatigue: a GP after a few weeks with no obvious cause
    ("tiredness", "so tired after three late nights", {}, "self_care"),
    ("tiredness", "no energy for about six weeks", {"days": 42}, "gp"),
    # nhs.uk Joint pain, Gout: self-care; a GP after 2 weeks or for gout; 111 hot with a fever
    ("joint-pain-and-arthritis", "my arthritis is playing up in this damp weather", {}, "self_care"),
    ("joint-pain-and-arthritis", "think i have gout, big toe throbbing", {}, "gp"),
    ("joint-pain-and-arthritis", "swollen joint and i feel hot and shivery", {}, "nhs_111"),
    # nhs.uk Scabies, Ringworm: a pharmacist first; a GP for a baby under 2 or the scalp
    ("scabies", "whole family has scabies what cream do we get", {}, "pharmacy"),
    ("scabies", "my 1 year old has scabies", {"age": 1}, "gp"),
    ("fungal-skin-infection", "ringworm on my arm from the cat", {}, "pharmacy"),
    ("fungal-skin-infection", "ringworm on my sons scalp", {}, "gp"),
    ("back-pain", "pulled a muscle, bad back since yesterday", {}, "self_care"),
    ("back-pain", "back pain for 8 weeks and painkillers not helping", {"days": 56}, "gp"),
    ("back-pain", "back pain and numb around my bottom", {}, "a_and_e"),
    ("broken-bone", "think ive broken my little toe its swollen", {}, "urgent_care"),
    ("broken-bone", "fell off my bike, wrist at a weird angle", {}, "a_and_e"),
    ("cuts-and-wounds", "grazed knee on the pavement", {}, "self_care"),
    ("cuts-and-wounds", "cut my hand on a tin think it needs stitches", {}, "urgent_care"),
    ("burns-and-scalds", "burnt my arm, blister the size of my palm", {}, "urgent_care"),
    ("burns-and-scalds", "chemical burn on my leg from drain cleaner", {}, "a_and_e"),
    ("head-injury", "bumped my head on a cupboard", {}, "self_care"),
    ("head-injury", "hit my head and now keep being sick and feel drowsy", {}, "a_and_e"),
    ("head-injury", "grandad on blood thinners banged his head", {}, "a_and_e"),
    ("bites-animal-and-human", "dog bit my leg, broke the skin", {}, "urgent_care"),
    ("eye-injury", "got something stuck in my eye and it wont come out", {}, "urgent_care"),
    ("eye-injury", "bleach in my eye", {}, "a_and_e"),
    ("toothache", "toothache killing me and I dont have a dentist", {}, "dental"),
    ("toothache", "toothache and my face is swollen", {}, "nhs_111"),
    ("toothache", "tooth abscess and my neck swollen, hard to swallow", {}, "a_and_e"),
    ("broken-tooth-or-filling", "filling fell out", {}, "dental"),
    ("tummy-pain", "tummy pain low down on the right getting worse all day", {}, "nhs_111"),
    ("tummy-pain", "bit of tummy ache", {"pregnant": True}, "nhs_111"),
    ("medicines-and-prescriptions", "ran out of inhaler, need a repeat", {}, "pharmacy"),
    ("medicine-taken-by-mistake", "took double my bp tablets by mistake", {}, "nhs_111"),
    ("medicine-taken-by-mistake", "took double dose of paracetamol", {}, "a_and_e"),
    ("breast-lump", "found a lump in my breast", {}, "gp"),
    ("mole-changes", "mole on my back has changed shape and colour", {}, "gp"),
    ("weight-loss-unexplained", "lost loads of weight over the last few months", {}, "gp"),
    ("blood-in-urine", "peeing blood but no pain", {}, "gp"),
    ("tiredness", "always tired for months and dont know why", {}, "gp"),
    ("fit-note", "need a fit note for work", {}, "gp"),
    ("high-blood-sugar", "diabetic and my sugar is 25", {"sugar": 25}, "nhs_111"),
    ("high-blood-sugar", "my blood sugar is 3.2 and im shaky", {"sugar": 3.2}, "nhs_111"),
    ("high-blood-sugar", "type 1, sugar 19 and ketones are 3.4", {"sugar": 19, "ketones": 3.4}, "a_and_e"),
    ("dvt-worry", "flying to Lahore next week, should I worry about dvt", {}, "gp"),
    ("dvt-worry", "my calf is swollen and hot since the operation", {}, "nhs_111"),
    ("dvt-worry", "calf pain and now short of breath", {}, "emergency_999"),
    ("high-blood-sugar", "type 1 and my sugar wont come down with my correction", {}, "nhs_111"),
    ("high-blood-sugar", "nurse said my sugar levels are creeping up at my review", {}, "gp"),
    ("high-blood-sugar", "my sugars high and I keep being sick", {}, "a_and_e"),
    ("pregnancy-worries", "pregnant and baby hasnt moved as much today", {}, "nhs_111"),
    ("pregnancy-worries", "30 weeks pregnant and bleeding heavily", {}, "a_and_e"),
    ("sleep-problems", "cant sleep at night", {}, "self_care"),
    ("sleep-problems", "insomnia", {"days": 35}, "gp"),
    ("falls-in-older-people", "my mum is 84 and fell, she cant get up and her hip hurts",
     {"age": 84}, "a_and_e"),
    ("falls-in-older-people", "my nan had a fall and cant get up", {}, "a_and_e"),
    ("falls-in-older-people", "had a fall yesterday, feel ok", {"age": 70}, "gp"),
    ("falls-in-older-people", "had a fall yesterday and my wrist is swollen", {"age": 70}, "nhs_111"),
    ("falls-in-older-people", "mum had a fall and keeps being sick", {"age": 80}, "a_and_e"),
    ("falls-in-older-people", "had a fall but got back up by herself", {"age": 80}, "gp"),
    ("falls-in-older-people", "dad had a fall and hurt his back", {"age": 75}, "nhs_111"),
    ("falls-in-older-people", "cant get up after a fall", {"age": 40}, "nhs_111"),
    ("dizziness", "feel dizzy when I stand up", {}, "self_care"),
    ("dizziness", "dizzy spells and fainted twice", {}, "gp"),
    ("sore-eyes-and-vision", "eyesight getting worse reading", {}, "gp"),
    ("sore-eyes-and-vision", "suddenly lost vision in my left eye", {}, "a_and_e"),
]  # fmt: skip


@pytest.mark.parametrize(("topic_id", "text", "facts", "expected"), ROUTES)
def test_guidance_messages_match_and_route(topic_id, text, facts, expected):
    assert matches(topic_id, text), f"no term of {topic_id} is in {text!r}"
    assert route(topic_id, text, **facts) == expected


def test_negative_controls_do_not_match():
    """Other topics' messages must not pull in these topics (self-harm, UTI, sunburn, diet)."""
    others = {
        "keep cutting myself and cant stop tonight": "cuts-and-wounds",
        "burns when i wee": "burns-and-scalds",
        "sunburnt my shoulders": "burns-and-scalds",
        "want to lose weight": "weight-loss-unexplained",
        "insect bite on my leg is red hot and spreading": "bites-animal-and-human",
        "conjunctivitis gunky eyes": "sore-eyes-and-vision",
    }
    for text, topic_id in others.items():
        assert not matches(topic_id, text), f"{topic_id} wrongly matches {text!r}"
