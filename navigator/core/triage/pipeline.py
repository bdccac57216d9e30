"""Message -> one disposition, with the rule that decided it.

Order is the safety case: red flags first (they set a floor nothing lowers), then topics
(each topic's default raised by any of its rules that hold), then the most urgent of all.
Several needs in one message: the most urgent decides, the others are kept for the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from navigator.core.models import Disposition
from navigator.core.triage import conditions
from navigator.core.triage import language as languages
from navigator.core.triage.facts import Facts, read_facts
from navigator.core.triage.fallback import fall_back
from navigator.core.triage.lifethreats import LifeThreats
from navigator.core.triage.matching import PhraseHit, PhraseIndex, SpellCorrector
from navigator.core.triage.model import Opinion, TriageModel
from navigator.core.triage.safety import RedFlagHit, SafetyRules
from navigator.core.triage.stages import other_language, other_language_default, second_opinion
from navigator.core.triage.text import Lexicon, Message, read_message, tokenize
from navigator.core.triage.topics import Topic, load_topics
from navigator.core.triage.vocabulary import load_vocabularies

_WORD = re.compile(r"[a-z]{3,}")



@dataclass(frozen=True)
class TopicMatch:
    topic: Topic
    score: int
    terms: tuple[str, ...]
    disposition: Disposition
    why: str
    strong: bool = True  # matched by a term, not only by keywords


@dataclass
class TriageResult:
    disposition: Disposition
    rule: str  # what decided: "red_flag:<id>", "topic:<id>", "topic:<id>:rule<n>", ...
    why: str
    message: Message
    facts: Facts
    red_flags: list[RedFlagHit] = field(default_factory=list)
    topics: list[TopicMatch] = field(default_factory=list)
    opinion: Opinion | None = None  # the learned second opinion, when a model is loaded
    explanation: str = ""  # for the trace, not the resident: scores and nearest examples
    language: str = "en"

    @property
    def topic(self) -> Topic | None:
        """The topic behind the answer: the one that decided it, else the best matched."""
        for match in self.topics:
            if match.disposition is self.disposition:
                return match.topic
        return self.topics[0].topic if self.topics else None


class Knowledge:
    """Everything triage reads from content/, loaded and indexed once per process."""

    def __init__(self, content_dir: Path, models_dir: Path | None = None):
        rules_dir = Path(content_dir) / "rules"
        self.model = TriageModel.load(models_dir or Path(content_dir).parent / "models")
        self.lexicon = Lexicon.from_dict(_yaml(rules_dir / "lexicon.yaml"))
        self.safety = SafetyRules(
            _yaml(rules_dir / "red_flags.yaml"), alarm=_yaml(rules_dir / "alarm.yaml")
        )
        life_threats = _yaml(rules_dir / "life_threats.yaml")
        self.life_threats = LifeThreats(life_threats)
        self.vocabularies = load_vocabularies(rules_dir / "languages")
        frames = {k: v for k, v in life_threats.items() if k != "signs"}
        self.safeguarding = LifeThreats(
            {**frames, **_yaml(rules_dir / "safeguarding.yaml")}, prefix="safeguarding"
        )
        self.topics = load_topics(Path(content_dir) / "topics")
        self.corrector = SpellCorrector(self._targets(rules_dir), self._known_words())
        self.english = frozenset(self.corrector.known)
        # Language detection counts only common English words and text-speak, so that
        # "in", "no" or "care" in Romanian or Portuguese do not make a message English.
        self.common_english = _english_words(COMMON_ENGLISH_FREQUENCY) | frozenset(
            self.lexicon.tokens
        )
        self.index = PhraseIndex(
            (t.id, term, tuple(self.normalise(term).tokens))
            for t in self.topics.values()
            for term in t.terms
        )
        self.keywords = self._keyword_weights()
        fallback = _yaml(rules_dir / "fallback.yaml")
        self.health_words = frozenset(str(fallback["health_words"]).split())
        self.severity_words = frozenset(str(fallback["severity_words"]).split())
        self.community_words = frozenset(str(fallback["community_words"]).split())
        self.medicine_words = frozenset(str(fallback["medicine_words"]).split())
        self.dental_words = frozenset(str(fallback["dental_words"]).split())
        self.symptom_words = frozenset(str(fallback["symptom_words"]).split())
        self.self_care_words = frozenset(str(fallback["self_care_words"]).split())
        self.stop_words = frozenset(str(fallback["stop_words"]).split())
        self.min_content_words = int(fallback.get("min_content_words", 3))
        self._term_indexes: dict[tuple[str, ...], PhraseIndex] = {}

    def _keyword_weights(self) -> dict[str, dict[str, float]]:
        """stem -> {topic id: weight}; a keyword listed by n topics weighs 1/n for each."""
        listed: dict[str, set[str]] = {}
        everyday = _english_words(EVERYDAY_WORD_FREQUENCY)
        for topic in self.topics.values():
            for keyword in topic.keywords:
                for token in self.normalise(keyword).tokens:
                    form = keyword_form(token)
                    if form != keyword.lower() and form in everyday:
                        continue  # shortening made an everyday word: "bites" -> "bit" ("a bit")
                    listed.setdefault(form, set()).add(topic.id)
        return {s: {t: 1 / len(ids) for t in ids} for s, ids in listed.items()}

    def normalise(self, text: str) -> Message:
        return read_message(text, self.lexicon)

    def read(self, text: object) -> Message:
        return read_message(text, self.lexicon, self.corrector)

    def _targets(self, rules_dir: Path) -> set[str]:
        words = set()
        for topic in self.topics.values():
            for term in (*topic.terms, *topic.rule_terms, *topic.keywords):
                words.update(self.normalise(term).tokens)
        words.update(w for v in self.lexicon.tokens.values() for w in v)
        words.update(w for v in self.lexicon.phrases.values() for w in v)
        text = (rules_dir / "red_flags.yaml").read_text(encoding="utf-8")
        match_lines = [ln for ln in text.splitlines() if ln.strip().startswith('- "')]
        words.update(_WORD.findall(" ".join(match_lines).lower()))
        return {w for w in words if w.isalpha()}

    def _known_words(self) -> set[str]:
        """Words never "corrected": ordinary English (so "size" never becomes "side" and
        "heat" never "heart"), the lexicon's keys, and every word of the content."""
        words = set(_english_words())
        words |= set(self.lexicon.tokens) | {w for k in self.lexicon.phrases for w in k}
        for topic in self.topics.values():
            words.update(tokenize(f"{topic.title} {topic.summary} {topic.sms_advice} {topic.body}"))
        return words

    def terms_present(self, message: Message, terms: tuple[str, ...]) -> bool:
        index = self._term_indexes.get(terms)
        if index is None:
            index = PhraseIndex(("", t, tuple(self.normalise(t).tokens)) for t in terms)
            self._term_indexes[terms] = index
        return any(not hit.negated for hit in index.find(message))


ENGLISH_MIN_FREQUENCY = 20  # rarer dictionary entries are mostly misspellings in the corpus


COMMON_ENGLISH_FREQUENCY = 300
EVERYDAY_WORD_FREQUENCY = 500_000


@lru_cache(maxsize=4)  # three frequency floors are asked for
def _english_words(min_frequency: int = ENGLISH_MIN_FREQUENCY) -> frozenset[str]:
    from spellchecker import SpellChecker  # its frequency list is the only part used

    frequencies = SpellChecker(language="en", distance=1).word_frequency.dictionary
    return frozenset(w for w, n in frequencies.items() if n >= min_frequency and w.isalpha())


@lru_cache(maxsize=4)
def load_knowledge(content_dir: str, models_dir: str | None = None) -> Knowledge:
    return Knowledge(Path(content_dir), Path(models_dir) if models_dir else None)


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def triage(text: object, knowledge: Knowledge, *, age_years: float | None = None) -> TriageResult:
    language = _language(text, knowledge)
    message = knowledge.read(
        text if language.is_english else languages.english_view(str(text), knowledge.english)
    )
    facts = read_facts(message, given_age_years=age_years)
    hits = _without_overlaps([h for h in knowledge.index.find(message) if not h.negated])
    hits += _keyword_hits(message, knowledge, hits)
    topic_ids = frozenset(h.key for h in hits)
    ctx = conditions.Context(
        facts=facts,
        has_terms=lambda terms: knowledge.terms_present(message, terms),
        topic_ids=topic_ids,
    )
    red_flags = (
        knowledge.safety.check(message, ctx)
        + knowledge.life_threats.check(message)
        + knowledge.safeguarding.check(message)
    )
    red_flags.sort(key=lambda h: -h.disposition.acuity)
    matches = _topic_matches(hits, knowledge, ctx)
    if not red_flags:
        matches = _calm_benign_emergencies(matches, knowledge, message)
        matches = _about_a_pet(matches, knowledge, message)
    matches = _health_floor(matches, knowledge, message)
    result = _decide(message, facts, red_flags, matches, knowledge)
    if not language.is_english:
        other_language(result, knowledge, str(text), language)
    # the model may only raise, and never past an emergency the rules already gave
    if (
        knowledge.model is not None
        and isinstance(text, str)
        and text.strip()
        and not result.disposition.is_emergency
    ):
        second_opinion(result, knowledge.model, text)
    if not language.is_english:
        other_language_default(result, language)
    return result


def _language(text: object, knowledge: Knowledge) -> languages.Language:
    if not isinstance(text, str) or not text.strip():
        return languages.Language(languages.ENGLISH, 0.0, "default")
    return languages.detect(text, knowledge.common_english)


def _without_overlaps(hits: list[PhraseHit]) -> list[PhraseHit]:
    """Where phrases overlap, the longer (more specific) wins: "cold sore" over "cold"."""
    kept: list[PhraseHit] = []
    for hit in sorted(hits, key=lambda h: (-h.size, h.start)):
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return kept


def keyword_form(word: str) -> str:
    """Keywords match a word or its plural only: the stemmer's reach ("scared" -> "scar")
    is fine for phrases but too loose for a single word standing alone."""
    for suffix in ("es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


KEYWORD_MATCH_WEIGHT = 1.0  # one keyword only this topic lists, or two shared by two topics


def _keyword_hits(
    message: Message, knowledge: Knowledge, term_hits: list[PhraseHit]
) -> list[PhraseHit]:
    """Topics pointed to by distinctive single words, outside the spans terms already took."""
    taken = {i for h in term_hits for i in range(h.start, h.end)}
    weights: dict[str, float] = {}
    first_at: dict[str, tuple[int, str]] = {}
    for i, token in enumerate(message.tokens):
        if i in taken or message.span_negated(i):
            continue
        for topic_id, weight in knowledge.keywords.get(keyword_form(token), {}).items():
            weights[topic_id] = weights.get(topic_id, 0.0) + weight
            first_at.setdefault(topic_id, (i, message.tokens[i]))
    already = {h.key for h in term_hits}
    return [
        PhraseHit(
            topic_id,
            first_at[topic_id][1],
            first_at[topic_id][0],
            first_at[topic_id][0] + 1,
            negated=False,
            weak=True,
            weight=weight,
        )
        for topic_id, weight in weights.items()
        if weight >= KEYWORD_MATCH_WEIGHT - 1e-9 and topic_id not in already
    ]


def _topic_matches(hits: list[PhraseHit], knowledge: Knowledge, ctx) -> list[TopicMatch]:
    by_topic: dict[str, list[PhraseHit]] = {}
    for hit in hits:
        by_topic.setdefault(hit.key, []).append(hit)
    matches = []
    for topic_id, topic_hits in by_topic.items():
        topic = knowledge.topics[topic_id]
        disposition, why = topic.disposition, f"topic:{topic.id}"
        strong = any(not h.weak for h in topic_hits)
        for n, rule in enumerate(topic.rules, start=1):
            if not strong and rule.disposition.is_emergency:
                continue  # a keyword alone never escalates to an emergency
            if rule.disposition.acuity > disposition.acuity and conditions.holds(rule.when, ctx):
                disposition, why = rule.disposition, f"topic:{topic.id}:rule{n}"
        score = sum(h.weight if h.weak else 2 * h.size for h in topic_hits)
        matches.append(
            TopicMatch(topic, score, tuple(h.phrase for h in topic_hits), disposition, why, strong)
        )
    # Keyword evidence is weak: when a term matched some topic, topics found only by keywords
    # are kept as other needs but do not decide the level of care; among keyword-only
    # topics the best evidence decides.
    if any(m.strong for m in matches):
        matches.sort(key=lambda m: (not m.strong, -m.disposition.acuity, -m.score, m.topic.id))
    else:
        matches.sort(key=lambda m: (-m.score, -m.disposition.acuity, m.topic.id))
    return matches


PETS_TOPIC = "pets-and-animals"


def _about_a_pet(matches: list[TopicMatch], knowledge: Knowledge, message) -> list[TopicMatch]:
    """A message about a pet and no person ("puppy vomiting blood, any vets?") is answered
    by the pets topic, not by the human topics its symptoms match."""
    text = message.text
    if not knowledge.safety.animal.search(text) or knowledge.safety.person.search(text):
        return matches
    pets = [m for m in matches if m.topic.id == PETS_TOPIC]
    return pets or matches


def _health_floor(matches: list[TopicMatch], knowledge: Knowledge, message) -> list[TopicMatch]:
    """A social topic decided, but the message talks about a symptom ("my legs are killing
    me after the gym"): it gets at least self-care advice, not just a group."""
    if not matches or matches[0].disposition.acuity >= Disposition.SELF_CARE.acuity:
        return matches
    words = {w for i, w in enumerate(message.tokens) if not message.span_negated(i)}
    strong = any(m.strong for m in matches)
    # a term-matched social topic yields only to a named symptom; a keyword-only one to any
    # word about the body
    if not words & (knowledge.symptom_words if strong else knowledge.health_words):
        return matches
    best = matches[0]
    if best.disposition.acuity >= Disposition.SELF_CARE.acuity:
        return matches
    floor = TopicMatch(
        best.topic,
        best.score,
        best.terms,
        Disposition.SELF_CARE,
        "fallback:health_words_with_weak_topic",
        best.strong,
    )
    return [floor, *matches[1:]]


def _calm_benign_emergencies(
    matches: list[TopicMatch], knowledge: Knowledge, message
) -> list[TopicMatch]:
    """A topic may reach an emergency level through its own rules. With no red flag and an
    idiom or a past event in the message ("I used to self harm", "overdosed on chocolate
    lol"), that topic falls back to its highest non-emergency level."""
    if not knowledge.safety.benign_context(message):
        return matches
    calmed = []
    for m in matches:
        if m.disposition.is_emergency:
            fallback = m.topic.disposition
            if fallback.is_emergency:
                fallback = (
                    Disposition.COMMUNITY if m.topic.kind != "health" else Disposition.NHS_111
                )
            m = TopicMatch(
                m.topic, m.score, m.terms, fallback, f"topic:{m.topic.id}:calmed", m.strong
            )
        calmed.append(m)
    calmed.sort(key=lambda m: (not m.strong, -m.disposition.acuity, -m.score, m.topic.id))
    return calmed


def _decide(message, facts, red_flags, matches, knowledge) -> TriageResult:
    result = TriageResult(
        Disposition.UNCLEAR, "unclear:no_match", "", message, facts, red_flags, matches
    )
    if red_flags:
        top = red_flags[0]
        result.disposition, result.rule, result.why = (
            top.disposition,
            f"red_flag:{top.rule_id}",
            top.say,
        )
    if matches and matches[0].disposition.acuity > result.disposition.acuity:
        best = matches[0]
        why = next(
            (r.why for n, r in enumerate(best.topic.rules, 1) if best.why.endswith(f"rule{n}")), ""
        )
        result.disposition, result.rule, result.why = (
            best.disposition,
            best.why,
            why or best.topic.summary,
        )
    if result.disposition is Disposition.UNCLEAR and not message.is_empty:
        fall_back(result, message, knowledge)
    return result
