"""Checks the injury, dental, medicines and GP-level topic files against content/README.md.

These files drive routing, so a typo in a rule key or a disposition id would silently drop a
safety rule. Besides the schema, a tiny exact-phrase reading of the rules (the real matcher
is more forgiving) proves each file routes the messages its routing guidance names.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from navigator.core.models import ACUITY, Disposition, ServiceType

TOPICS_DIR = Path(__file__).resolve().parents[2] / "content" / "topics"

INJURY_GP_IDS = (
    "sprains-and-strains", "back-pain", "broken-bone", "cuts-and-wounds", "burns-and-scalds",
    "head-injury", "bites-animal-and-human", "eye-injury", "toothache",
    "broken-tooth-or-filling", "tummy-pain", "medicines-and-prescriptions",
    "medicine-taken-by-mistake", "breast-lump", "mole-changes", "weight-loss-unexplained",
    "blood-in-urine", "tiredness", "fit-note", "high-blood-sugar", "pregnancy-worries",
    "sleep-problems", "falls-in-older-people", "dizziness", "sore-eyes-and-vision",
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
NUMBER_CONDITIONS = {
    "age_below_years", "age_from_years", "age_below_days", "duration_from_days",
    "temperature_from_c",
}  # fmt: skip

# GSM-7 basic-set characters that are also plain ASCII (one SMS unit each).
GSM7_PLAIN_ASCII = set(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 \n!\"#%&'()*+,-./:;<=>?@$_"
)
SMS_MAX_CHARS = 160
MIN_TERMS = 6
MAX_TERM_WORDS = 4
MAX_RULE_TERM_WORDS = 5  # rule phrases such as "cant put weight on it" may be one longer
BODY_MIN_WORDS, BODY_MAX_WORDS = 150, 350
NUDGE_MIN_HOURS, NUDGE_MAX_HOURS = 24, 72
MAX_REVIEW_INTERVAL_DAYS = 366
BODY_SECTIONS = (
    "What it is", "Look after yourself", "A pharmacist can help", "See a GP",
    "Call 111", "Call 999 or go to A&E",
)  # fmt: skip
# Bare words that would match far too much to identify any one topic.
GENERIC_TERMS = {
    "pain", "sick", "bad", "hurts", "ill", "unwell", "ache", "sore", "cold", "broken", "burn",
    "cut", "bite", "bitten", "fell", "fall", "tired", "exhausted", "pregnant", "diabetic",
    "diabetes", "eye", "eyes", "tooth", "teeth", "blood", "bleeding", "head", "back",
}  # fmt: skip


def load_topic(topic_id: str) -> tuple[dict, str]:
    """Split a topic file on its '---' lines into (front matter, body)."""
    text = (TOPICS_DIR / f"{topic_id}.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "---", f"{topic_id}: file must start with a '---' line"
    end = lines.index("---", 1)
    return yaml.safe_load("\n".join(lines[1:end])), "\n".join(lines[end + 1 :])


TOPICS = {topic_id: load_topic(topic_id) for topic_id in INJURY_GP_IDS}


@pytest.fixture(params=INJURY_GP_IDS)
def topic(request) -> tuple[str, dict, str]:
    front, body = TOPICS[request.param]
    return request.param, front, body


# -- schema ---------------------------------------------------------------------------------


def test_front_matter_has_exactly_the_schema_keys(topic):
    topic_id, front, _ = topic
    assert set(front) >= REQUIRED_KEYS, f"{topic_id} misses {REQUIRED_KEYS - set(front)}"
    assert set(front) <= REQUIRED_KEYS | OPTIONAL_KEYS, f"{topic_id} has unknown keys"
    assert "pharmacy_first" not in front, "none of these is a Pharmacy First condition"


def test_identity_and_kind(topic):
    topic_id, front, _ = topic
    assert front["id"] == topic_id
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", topic_id)
    assert front["kind"] == "health"
    assert front["title"].strip() and front["summary"].strip()


def test_disposition_and_service_types_are_model_ids(topic):
    topic_id, front, _ = topic
    assert Disposition(front["disposition"]) != Disposition.UNCLEAR
    assert front["service_types"], f"{topic_id} needs at least one service type"
    for service_type in front["service_types"]:
        ServiceType(service_type)  # raises ValueError on an unknown id
    assert len(set(front["service_types"])) == len(front["service_types"])


def test_rules_use_only_readable_conditions_and_only_raise(topic):
    topic_id, front, _ = topic
    default = Disposition(front["disposition"])
    assert isinstance(front["rules"], list)
    for rule in front["rules"]:
        assert set(rule) == {"when", "disposition", "why"}, f"{topic_id}: {rule}"
        when = rule["when"]
        assert when and set(when) <= CONDITION_KEYS, f"{topic_id}: bad keys in {when}"
        for key in NUMBER_CONDITIONS & set(when):
            assert isinstance(when[key], int | float) and not isinstance(when[key], bool)
        for key in {"age_unknown", "child", "pregnant"} & set(when):
            assert when[key] is True
        for phrase in when.get("any_terms", []):
            assert isinstance(phrase, str) and phrase == phrase.lower().strip(), phrase
            assert 1 <= len(phrase.split()) <= MAX_RULE_TERM_WORDS, phrase
        rule_level = Disposition(rule["disposition"])
        assert ACUITY[rule_level] > ACUITY[default], f"{topic_id}: rule does not raise: {rule}"
        assert len(rule["why"].split()) >= 5, f"{topic_id}: explain why: {rule}"


def test_sms_advice_fits_one_plain_gsm7_segment(topic):
    topic_id, front, _ = topic
    sms = front["sms_advice"]
    assert len(sms) <= SMS_MAX_CHARS, f"{topic_id}: {len(sms)} characters"
    assert set(sms) <= GSM7_PLAIN_ASCII, f"{topic_id}: {set(sms) - GSM7_PLAIN_ASCII}"


def test_terms_are_specific_lowercase_short_phrases(topic):
    topic_id, front, _ = topic
    terms = front["terms"]
    assert len(terms) >= MIN_TERMS
    assert len(set(terms)) == len(terms), f"{topic_id} repeats a term"
    for term in terms:
        assert isinstance(term, str) and term == term.lower().strip(), term
        assert term.isascii() and "'" not in term, term
        assert 1 <= len(term.split()) <= MAX_TERM_WORDS, term
        assert term not in GENERIC_TERMS, f"{topic_id}: {term!r} is too generic"


def test_sources_name_their_pages(topic):
    topic_id, front, _ = topic
    assert front["sources"], topic_id
    for source in front["sources"]:
        assert source["title"].strip()
        assert re.match(r"https://[a-z0-9.]+\.(nhs\.uk|gov\.uk|org\.uk)/", source["url"]), source


def test_review_dates_and_nudge(topic):
    topic_id, front, _ = topic
    reviewed, due = front["reviewed"], front["review_due"]
    assert isinstance(reviewed, dt.date) and isinstance(due, dt.date)
    assert 0 < (due - reviewed).days <= MAX_REVIEW_INTERVAL_DAYS
    nudge = front["nudge_after_hours"]
    assert isinstance(nudge, int) and NUDGE_MIN_HOURS <= nudge <= NUDGE_MAX_HOURS


def test_body_is_short_plain_and_in_section_order(topic):
    topic_id, _, body = topic
    assert body.isascii(), f"{topic_id}: curly quotes or other non-ASCII in body"
    words = len(body.split())
    assert BODY_MIN_WORDS <= words <= BODY_MAX_WORDS, f"{topic_id}: {words} words"
    headings = re.findall(r"^## (.+)$", body, flags=re.MULTILINE)
    assert headings and headings[0] == "What it is"
    assert all(h in BODY_SECTIONS for h in headings), f"{topic_id}: {headings}"
    order = [BODY_SECTIONS.index(h) for h in headings]
    assert order == sorted(set(order)), f"{topic_id}: sections out of order {headings}"


def test_no_term_is_shared_with_another_topic():
    owners: dict[str, str] = {}
    for path in sorted(TOPICS_DIR.glob("*.md")):
        front, _ = load_topic(path.stem)
        for term in front.get("terms", []):
            term = str(term)
            mine = path.stem in INJURY_GP_IDS or owners.get(term) in INJURY_GP_IDS
            if term in owners and mine:
                pytest.fail(f"{term!r} is in both {owners[term]} and {path.stem}")
            owners.setdefault(term, path.stem)


# -- routing under an exact-phrase reading ----------------------------------------------------


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
    ("high-blood-sugar", "diabetic and my sugar is 25", {}, "nhs_111"),
    ("high-blood-sugar", "my sugars high and I keep being sick", {}, "a_and_e"),
    ("pregnancy-worries", "pregnant and baby hasnt moved as much today", {}, "nhs_111"),
    ("pregnancy-worries", "30 weeks pregnant and bleeding heavily", {}, "a_and_e"),
    ("sleep-problems", "cant sleep at night", {}, "self_care"),
    ("sleep-problems", "insomnia", {"days": 35}, "gp"),
    ("falls-in-older-people", "my mum is 84 and fell, she cant get up and her hip hurts",
     {"age": 84}, "a_and_e"),
    ("falls-in-older-people", "my nan had a fall and cant get up", {}, "a_and_e"),
    ("falls-in-older-people", "had a fall yesterday, feel ok", {"age": 70}, "nhs_111"),
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
