"""Checks the mental health and social-need topic files against content/README.md.

These files drive routing for crisis, abuse and money needs, so a typo in a rule key or a
disposition id would silently drop a route: every key and id is checked against the schema
and the models, and the crisis topics are pinned to their crisis level and numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from navigator.core.models import ACUITY, Disposition, ServiceType

TOPICS_DIR = Path(__file__).resolve().parents[2] / "content" / "topics"

SOCIAL_IDS = (
    "low-mood", "anxiety", "mental-health-crisis", "self-harm", "loneliness", "bereavement",
    "food", "money-and-debt", "energy-bills", "benefits", "housing", "carers", "dementia",
    "physical-activity", "weight", "stop-smoking", "alcohol", "drugs", "domestic-abuse",
    "new-parents", "employment", "warm-spaces", "volunteering", "libraries-and-learning",
    "green-spaces", "gambling",
)  # fmt: skip
CRISIS_IDS = ("mental-health-crisis", "self-harm")

REQUIRED_KEYS = {
    "id", "title", "kind", "summary", "sms_advice", "terms", "disposition", "rules",
    "service_types", "nudge_after_hours", "sources", "reviewed", "review_due",
}  # fmt: skip
OPTIONAL_KEYS = {"pharmacy_first", "notes", "keywords"}
KINDS = {"health", "mental_health", "social"}
CONDITION_KEYS = {
    "age_below_years", "age_from_years", "age_below_days", "age_unknown", "child", "sex",
    "pregnant", "duration_from_days", "temperature_from_c", "any_terms", "with_topics",
}  # fmt: skip

# GSM-7 basic-set characters that are also plain ASCII (one SMS unit each).
GSM7_PLAIN_ASCII = set(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 \n!\"#%&'()*+,-./:;<=>?@$_"
)
SMS_MAX_CHARS = 160
MIN_TERMS = 6
MAX_TERM_WORDS = 4
BODY_MIN_WORDS, BODY_MAX_WORDS = 150, 350
NUDGE_MIN_HOURS, NUDGE_MAX_HOURS = 48, 168
BODY_SECTIONS = (
    "What it is", "Look after yourself", "A pharmacist can help", "See a GP",
    "Call 111", "Call 999 or go to A&E", "Who can help",
)  # fmt: skip
# Bare words that would match far too much to identify any one topic.
GENERIC_TERMS = {"help", "need", "bad", "sad", "worried", "money", "cold", "work", "home", "alone"}

# The only phone numbers content may state (SHARED NOTES "Crisis and emergency routes").
ALLOWED_NUMBERS = {"999", "111", "116 123", "85258", "0808 2000 247", "0800 1111"}
PHONE_LIKE = re.compile(r"\b0\d{2,4}(?: ?\d{3,4}){1,3}\b|\b116 ?\d{3}\b|\b\d{5}\b")


def load_topic(topic_id: str) -> tuple[dict, str]:
    """Split a topic file on its '---' lines into (front matter, body)."""
    text = (TOPICS_DIR / f"{topic_id}.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "---", f"{topic_id}: file must start with a '---' line"
    end = lines.index("---", 1)
    front = yaml.safe_load("\n".join(lines[1:end]))
    body = "\n".join(lines[end + 1 :])
    return front, body


@pytest.fixture(scope="module", params=SOCIAL_IDS)
def topic(request) -> tuple[str, dict, str]:
    front, body = load_topic(request.param)
    return request.param, front, body


def test_front_matter_has_exactly_the_schema_keys(topic):
    topic_id, front, _ = topic
    keys = set(front)
    assert keys >= REQUIRED_KEYS, f"{topic_id}: missing {REQUIRED_KEYS - keys}"
    assert keys <= REQUIRED_KEYS | OPTIONAL_KEYS, f"{topic_id}: unknown {keys - REQUIRED_KEYS}"
    assert front["id"] == topic_id
    assert front["kind"] in KINDS
    assert "pharmacy_first" not in front, "Pharmacy First is only for the 7 conditions"
    for key in ("title", "summary"):
        assert isinstance(front[key], str) and front[key].strip()


def test_sms_advice_fits_one_plain_gsm7_segment(topic):
    topic_id, front, _ = topic
    sms = front["sms_advice"]
    assert len(sms) <= SMS_MAX_CHARS, f"{topic_id}: sms_advice is {len(sms)} characters"
    assert set(sms) <= GSM7_PLAIN_ASCII, f"{topic_id}: {set(sms) - GSM7_PLAIN_ASCII}"


def test_terms_are_specific_lowercase_short_phrases(topic):
    topic_id, front, _ = topic
    terms = front["terms"]
    assert len(terms) >= MIN_TERMS
    assert len(set(terms)) == len(terms), f"{topic_id}: duplicate terms"
    for term in terms:
        assert isinstance(term, str) and term == term.strip().lower(), term
        assert 1 <= len(term.split()) <= MAX_TERM_WORDS, term
        assert term.isascii() and "'" not in term, f"{topic_id}: write {term!r} without '"
        assert term not in GENERIC_TERMS, f"{topic_id}: {term!r} is too generic"


def test_no_term_is_claimed_by_two_topics():
    owner: dict[str, str] = {}
    for topic_id in SOCIAL_IDS:
        for term in load_topic(topic_id)[0]["terms"]:
            assert term not in owner, f"{term!r} is in both {owner[term]} and {topic_id}"
            owner[term] = topic_id


def test_disposition_and_rules_use_known_ids_and_only_raise(topic):
    topic_id, front, _ = topic
    default = Disposition(front["disposition"])
    assert isinstance(front["rules"], list)
    for rule in front["rules"]:
        assert set(rule) == {"when", "disposition", "why"}, f"{topic_id}: {rule}"
        when = rule["when"]
        assert when and set(when) <= CONDITION_KEYS, f"{topic_id}: {set(when) - CONDITION_KEYS}"
        if "any_terms" in when:
            assert when["any_terms"] and all(isinstance(t, str) for t in when["any_terms"])
        if "with_topics" in when:
            assert all((TOPICS_DIR / f"{t}.md").exists() for t in when["with_topics"])
        raised = Disposition(rule["disposition"])
        assert ACUITY[raised] > ACUITY[default], f"{topic_id}: a rule must raise the level"
        assert rule["why"].strip()


def test_service_types_are_taxonomy_ids(topic):
    topic_id, front, _ = topic
    types = front["service_types"]
    assert types and len(set(types)) == len(types)
    for service_type in types:
        ServiceType(service_type)  # raises ValueError on an id outside the SPEC taxonomy


def test_nudge_sources_and_review_dates(topic):
    topic_id, front, _ = topic
    assert NUDGE_MIN_HOURS <= front["nudge_after_hours"] <= NUDGE_MAX_HOURS
    sources = front["sources"]
    assert sources and all(s.get("title") for s in sources)
    assert any(str(s.get("url", "")).startswith("https://") for s in sources), topic_id
    reviewed, due = front["reviewed"], front["review_due"]
    assert isinstance(reviewed, dt.date) and isinstance(due, dt.date)
    assert reviewed < due <= reviewed + dt.timedelta(days=366)


def test_body_length_sections_and_plain_text(topic):
    topic_id, _, body = topic
    words = len(re.findall(r"[A-Za-z0-9']+", body))
    assert BODY_MIN_WORDS <= words <= BODY_MAX_WORDS, f"{topic_id}: body has {words} words"
    assert body.isascii(), f"{topic_id}: body has non-ASCII characters (curly quotes?)"
    headings = re.findall(r"^## (.+)$", body, flags=re.MULTILINE)
    assert headings[0] == "What it is"
    assert set(headings) <= set(BODY_SECTIONS), f"{topic_id}: {set(headings) - set(BODY_SECTIONS)}"
    order = [BODY_SECTIONS.index(h) for h in headings]
    assert order == sorted(order) and len(set(order)) == len(order), f"{topic_id}: {headings}"


def test_only_the_allowed_national_numbers_appear(topic):
    topic_id, front, body = topic
    text = " ".join([front["sms_advice"], front["summary"], body])
    for number in PHONE_LIKE.findall(text):
        assert number in ALLOWED_NUMBERS, f"{topic_id}: {number!r} is not an allowed number"


@pytest.mark.parametrize("topic_id", CRISIS_IDS)
def test_crisis_topics_route_to_crisis_with_the_crisis_lines(topic_id):
    front, body = load_topic(topic_id)
    assert front["disposition"] == Disposition.MENTAL_HEALTH_CRISIS
    assert front["service_types"][0] == ServiceType.MENTAL_HEALTH_CRISIS_LINE
    for number in ("116 123", "111", "999"):
        assert number in front["sms_advice"] and number in body
    assert any(
        Disposition(r["disposition"]) == Disposition.EMERGENCY_999 for r in front["rules"]
    ), "an overdose or serious injury must raise to 999"


def test_crisis_words_are_terms_of_the_crisis_topics():
    crisis_terms = set(load_topic("mental-health-crisis")[0]["terms"])
    self_harm_terms = set(load_topic("self-harm")[0]["terms"])
    assert {"suicidal", "kill myself", "end my life", "want to die"} <= crisis_terms
    assert {"self harm", "cutting myself", "hurting myself"} <= self_harm_terms


def test_domestic_abuse_gives_the_helpline_and_999():
    front, body = load_topic("domestic-abuse")
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
    front, _ = load_topic(topic_id)
    assert front["disposition"] == Disposition.COMMUNITY
    assert front["service_types"][0] == first_service
