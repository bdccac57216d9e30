"""Checks every topic file, including ones added after the per-area tests, against the schema.

The per-area tests pin down clinical details; this one makes sure no file slips through with
a bad key, an overlong SMS, a term claimed twice or a keyword so common it identifies nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
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
OPTIONAL_KEYS = {"pharmacy_first", "notes"}
CONDITION_KEYS = {
    "age_below_years", "age_from_years", "age_below_days", "age_unknown", "child", "sex",
    "pregnant", "duration_from_days", "temperature_from_c", "any_terms", "with_topics",
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
        assert set(rule) == {"when", "disposition", "why"}, (topic_id, rule)
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
