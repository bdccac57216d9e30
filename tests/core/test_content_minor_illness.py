"""Checks the minor-illness and Pharmacy First topic files against content/README.md.

These files drive routing, so a typo in a rule key or a disposition id would silently
drop a safety rule: every key and id is checked against the schema and the models.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from navigator.core.models import ACUITY, Disposition, ServiceType

TOPICS_DIR = Path(__file__).resolve().parents[2] / "content" / "topics"

MINOR_ILLNESS_IDS = (
    "sore-throat", "earache", "sinusitis", "uti", "impetigo", "insect-bite", "shingles",
    "common-cold", "flu", "cough", "chest-infection", "fever", "headache", "hay-fever",
    "conjunctivitis", "head-lice", "threadworms", "thrush", "cold-sore", "heartburn",
    "constipation", "diarrhoea-and-vomiting", "hangover", "sunburn", "period-pain",
    "chickenpox", "emergency-contraception", "rash", "sexual-health", "eczema-and-dry-skin",
)  # fmt: skip

REQUIRED_KEYS = {
    "id", "title", "kind", "summary", "sms_advice", "terms", "disposition", "rules",
    "service_types", "nudge_after_hours", "sources", "reviewed", "review_due",
}  # fmt: skip
OPTIONAL_KEYS = {"pharmacy_first", "notes", "keywords"}

# The `when` keys content/README.md defines; anything else is silently unreadable.
CONDITION_KEYS = {
    "age_below_years", "age_from_years", "age_below_days", "age_unknown", "child", "sex",
    "pregnant", "duration_from_days", "temperature_from_c", "any_terms", "with_topics",
}  # fmt: skip

PHARMACY_FIRST_CONDITIONS = {
    "sore-throat", "earache", "sinusitis", "uti", "impetigo", "insect-bite", "shingles",
}  # fmt: skip

# GSM-7 basic-set characters that are also plain ASCII (one SMS unit each).
GSM7_PLAIN_ASCII = set(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 \n!\"#%&'()*+,-./:;<=>?@$_"
)
SMS_MAX_CHARS = 160
MIN_TERMS = 6
MAX_TERM_WORDS = 4
BODY_MIN_WORDS, BODY_MAX_WORDS = 150, 350
NUDGE_MIN_HOURS, NUDGE_MAX_HOURS = 24, 72
BODY_SECTIONS = (
    "What it is", "Look after yourself", "A pharmacist can help", "See a GP",
    "Call 111", "Call 999 or go to A&E",
)  # fmt: skip
# Bare words that would match far too much to identify any one topic.
GENERIC_TERMS = {"pain", "sick", "bad", "hurts", "ill", "unwell", "ache", "sore", "cold"}


def load_topic(topic_id: str) -> tuple[dict, str]:
    """Split a topic file on its '---' lines into (front matter, body)."""
    text = (TOPICS_DIR / f"{topic_id}.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "---", f"{topic_id}: file must start with a '---' line"
    end = lines.index("---", 1)
    front = yaml.safe_load("\n".join(lines[1:end]))
    body = "\n".join(lines[end + 1 :])
    return front, body


@pytest.fixture(scope="module", params=MINOR_ILLNESS_IDS)
def topic(request) -> tuple[str, dict, str]:
    front, body = load_topic(request.param)
    return request.param, front, body


def test_front_matter_has_exactly_the_schema_keys(topic):
    topic_id, front, _ = topic
    assert set(front) >= REQUIRED_KEYS, f"{topic_id} misses {REQUIRED_KEYS - set(front)}"
    assert set(front) <= REQUIRED_KEYS | OPTIONAL_KEYS, f"{topic_id} has unknown keys"
    assert front["id"] == topic_id
    assert front["kind"] == "health"
    assert front["title"].strip() and front["summary"].strip()


def test_disposition_and_service_types_are_model_ids(topic):
    topic_id, front, _ = topic
    Disposition(front["disposition"])
    assert front["service_types"], topic_id
    for service_type in front["service_types"]:
        ServiceType(service_type)


def test_sms_advice_fits_one_plain_gsm7_segment(topic):
    topic_id, front, _ = topic
    sms = front["sms_advice"]
    assert len(sms) <= SMS_MAX_CHARS, f"{topic_id}: {len(sms)} chars"
    bad = sorted(set(sms) - GSM7_PLAIN_ASCII)
    assert not bad, f"{topic_id}: characters outside plain GSM-7: {bad}"


def test_terms_are_lowercase_short_and_specific(topic):
    topic_id, front, _ = topic
    terms = front["terms"]
    assert len(terms) >= MIN_TERMS, topic_id
    assert len(set(terms)) == len(terms), f"{topic_id}: duplicate terms"
    for term in terms:
        assert isinstance(term, str) and term == term.lower().strip(), (topic_id, term)
        assert 1 <= len(term.split()) <= MAX_TERM_WORDS, (topic_id, term)
        assert term not in GENERIC_TERMS, (topic_id, term)


def test_rules_use_only_readme_conditions_and_only_raise(topic):
    topic_id, front, _ = topic
    default = Disposition(front["disposition"])
    for rule in front["rules"]:
        assert set(rule) == {"when", "disposition", "why"}, (topic_id, rule)
        when = rule["when"]
        assert when and set(when) <= CONDITION_KEYS, (topic_id, when)
        raised = Disposition(rule["disposition"])
        assert ACUITY[raised] > ACUITY[default], f"{topic_id}: rule does not raise: {rule}"
        assert rule["why"].strip(), (topic_id, rule)
        for key in ("any_terms", "with_topics"):
            if key in when:
                assert isinstance(when[key], list) and when[key], (topic_id, key)
        for topic_ref in when.get("with_topics", []):
            assert (TOPICS_DIR / f"{topic_ref}.md").exists() or topic_ref in MINOR_ILLNESS_IDS
        if "sex" in when:
            assert when["sex"] in {"female", "male"}


def test_sources_have_urls_and_review_dates_are_ordered(topic):
    topic_id, front, _ = topic
    assert any(s.get("url", "").startswith("https://") for s in front["sources"]), topic_id
    for source in front["sources"]:
        assert source.get("title"), (topic_id, source)
    assert isinstance(front["reviewed"], dt.date)
    assert front["reviewed"] < front["review_due"], topic_id
    assert NUDGE_MIN_HOURS <= front["nudge_after_hours"] <= NUDGE_MAX_HOURS, topic_id


def test_pharmacy_first_block_only_on_the_seven_conditions(topic):
    topic_id, front, _ = topic
    if topic_id in PHARMACY_FIRST_CONDITIONS:
        block = front["pharmacy_first"]
        assert block["condition"] and block["min_age_years"] >= 1, topic_id
        assert front["disposition"] == "pharmacy"
        assert front["service_types"][0] == "pharmacy"
    else:
        assert "pharmacy_first" not in front, topic_id


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
    for topic_id in MINOR_ILLNESS_IDS:
        front, _ = load_topic(topic_id)
        for term in front["terms"]:
            assert term not in owner, f"{term!r} in both {owner.get(term)} and {topic_id}"
            owner[term] = topic_id


def rules_reaching(front: dict, disposition: str) -> list[dict]:
    return [r["when"] for r in front["rules"] if r["disposition"] == disposition]


def test_uti_sends_men_older_younger_and_pregnant_women_to_a_gp():
    front, _ = load_topic("uti")
    gp_conditions = rules_reaching(front, "gp")
    assert {"sex": "male"} in gp_conditions
    assert {"age_from_years": 65} in gp_conditions
    assert {"age_below_years": 16} in gp_conditions
    assert {"pregnant": True} in gp_conditions


def test_fever_in_young_babies_needs_111():
    front, _ = load_topic("fever")
    urgent = rules_reaching(front, "nhs_111")
    assert {"age_below_days": 90, "temperature_from_c": 38} in urgent
    assert {"age_below_days": 180, "temperature_from_c": 39} in urgent
    assert {"temperature_from_c": 40} in urgent


@pytest.mark.parametrize(
    ("topic_id", "min_age"),
    [("sore-throat", 5), ("sinusitis", 12), ("impetigo", 1), ("insect-bite", 1),
     ("shingles", 18), ("uti", 16), ("earache", 1)],
)  # fmt: skip
def test_pharmacy_first_lower_age_limit_routes_younger_people_elsewhere(topic_id, min_age):
    front, _ = load_topic(topic_id)
    assert front["pharmacy_first"]["min_age_years"] == min_age
    younger = [w for w in front["rules"] if w["when"] == {"age_below_years": min_age}]
    assert younger and ACUITY[Disposition(younger[0]["disposition"])] > ACUITY[Disposition.PHARMACY]


def test_project_loader_reads_every_file_the_same_way():
    from navigator.core.triage.topics import parse_topic

    for topic_id in MINOR_ILLNESS_IDS:
        path = TOPICS_DIR / f"{topic_id}.md"
        topic = parse_topic(path.read_text(encoding="utf-8"), path.name)
        assert topic.id == topic_id
        assert len(topic.sms_advice) <= SMS_MAX_CHARS, topic_id
