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

from navigator.core.conversation import wording
from navigator.core.models import Disposition
from navigator.core.triage import conditions
from navigator.core.triage import language as languages
from navigator.core.triage.counted import CountedMedicine
from navigator.core.triage.facts import Facts, read_facts
from navigator.core.triage.fallback import HomeCare, fall_back
from navigator.core.triage.lifethreats import LifeThreats
from navigator.core.triage.matching import PhraseIndex, SpellCorrector
from navigator.core.triage.model import Opinion, TriageModel
from navigator.core.triage.reading import Frames, Reading
from navigator.core.triage.safety import RedFlagHit, SafetyRules, any_fired
from navigator.core.triage.stages import other_language, other_language_default, second_opinion
from navigator.core.triage.text import Lexicon, Message, read_message, tokenize
from navigator.core.triage.topicmatch import (
    CLINICIAN_FLOOR,
    TopicMatch,
    about_a_pet,
    calm_benign_emergencies,
    health_floor,
    keyword_form,
    keyword_hits,
    topic_matches,
    without_overlaps,
)
from navigator.core.triage.topics import Topic, load_topics
from navigator.core.triage.vocabulary import load_vocabularies

_WORD = re.compile(r"[a-z]{3,}")



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
    topic_ids: frozenset[str] = frozenset()  # every topic a phrase or keyword pointed to
    frames: Frames | None = None  # message-wide context (past, idiom, question, pet)
    trace: list[str] = field(default_factory=list)  # one line a stage: what fired, stopped, said

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
        lexicon = _yaml(rules_dir / "lexicon.yaml")
        self.lexicon = Lexicon.from_dict(lexicon)
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
        self.common_english = (
            _english_words(COMMON_ENGLISH_FREQUENCY)
            | frozenset(self.lexicon.tokens)
            | frozenset(str(lexicon.get("english_text_speak") or "").split())
        )
        self.index = PhraseIndex(
            (t.id, term, tuple(self.normalise(term).tokens))
            for t in self.topics.values()
            for term in (*t.terms, *self._phrase_keywords(t))
        )
        self.keywords = self._keyword_weights()
        fallback = _yaml(rules_dir / "fallback.yaml")
        self.health_words = frozenset(str(fallback["health_words"]).split())
        self.severity_words = frozenset(str(fallback["severity_words"]).split())
        self.community_words = frozenset(str(fallback["community_words"]).split())
        self.medicine_words = frozenset(str(fallback["medicine_words"]).split())
        self.counted_medicine = CountedMedicine.from_names(str(fallback["counted_medicines"]))
        self.dental_words = frozenset(str(fallback["dental_words"]).split())
        self.symptom_words = frozenset(str(fallback["symptom_words"]).split())
        self.self_care_words = frozenset(str(fallback["self_care_words"]).split())
        self.clinician_words = frozenset(str(fallback["clinician_words"]).split())
        self.home_care = HomeCare.from_dict(fallback["home_care"])
        self.stop_words = frozenset(str(fallback["stop_words"]).split())
        self.min_content_words = int(fallback.get("min_content_words", 3))
        self.asks_for_help = re.compile(rf"\b(?:{''.join(str(fallback['asks_for_help']).split())})\b")
        self._term_indexes: dict[tuple[str, ...], PhraseIndex] = {}

    def _phrase_keywords(self, topic: Topic) -> tuple[str, ...]:
        """Keywords the reader splits into several words ("med3" -> "med 3", "hba1c",
        "foodbank"): read as a phrase, since "3" or "c" alone would point at the topic."""
        return tuple(k for k in topic.keywords if len(self.normalise(k).tokens) > 1)

    def _keyword_weights(self) -> dict[str, dict[str, float]]:
        """stem -> {topic id: weight}; a keyword listed by n topics weighs 1/n for each."""
        listed: dict[str, set[str]] = {}
        everyday = _english_words(EVERYDAY_WORD_FREQUENCY)
        for topic in self.topics.values():
            for keyword in topic.keywords:
                tokens = self.normalise(keyword).tokens
                if len(tokens) > 1:
                    continue  # a phrase: read with the terms (_phrase_keywords)
                for token in tokens:
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
    """Run the stages in order over one reading of the message; each may only raise the
    answer, and each adds a line to the result's trace."""
    reading = read(text, knowledge, age_years)
    state = _State(reading)
    trace = []
    for name, stage in STAGES:
        stage(state, knowledge)
        trace.append(f"{name}: {state.note or '-'}")
        state.note = ""
    result = state.answer()
    result.trace = trace
    return result


def read(text: object, knowledge: Knowledge, age_years: float | None = None) -> Reading:
    """The context computed once: language, English view, facts, topic hits, frames."""
    language = _language(text, knowledge)
    message = knowledge.read(
        text if language.is_english else languages.english_view(str(text), knowledge.english)
    )
    facts = read_facts(message, given_age_years=age_years)
    hits = without_overlaps([h for h in knowledge.index.find(message) if not h.negated])
    hits += keyword_hits(message, knowledge, hits)
    ctx = conditions.Context(
        facts=facts,
        has_terms=lambda terms: knowledge.terms_present(message, terms),
        topic_ids=frozenset(h.key for h in hits),
    )
    frames = Frames(message, knowledge.safety)
    return Reading(text, language, message, facts, hits, ctx, frames)


@dataclass
class _State:
    reading: Reading
    red_flags: list[RedFlagHit] = field(default_factory=list)
    matches: list[TopicMatch] = field(default_factory=list)
    result: TriageResult | None = None
    note: str = ""  # what the running stage did, for the trace

    def answer(self) -> TriageResult:
        """The answer so far: the decision stage makes it, the later stages only raise it."""
        if self.result is None:
            raise RuntimeError("the decision stage has not run")
        return self.result


def _red_flags(state: _State, knowledge: Knowledge) -> None:
    """Red-flag rules, present-tense life-threatening signs, safeguarding disclosures: a
    floor no later stage lowers."""
    r = state.reading
    vetoed: list[str] = []
    flags = (
        knowledge.safety.check(r.message, r.ctx, vetoed=vetoed)
        + knowledge.life_threats.check(r.message)
        + knowledge.safeguarding.check(r.message)
    )
    flags.sort(key=lambda h: -h.disposition.acuity)
    state.red_flags = flags
    fired = ", ".join(f"{h.rule_id} ({h.matched!r})" for h in flags)
    state.note = "; ".join(x for x in (fired, "stopped " + ", ".join(vetoed) if vetoed else "") if x)


def _topics(state: _State, knowledge: Knowledge) -> None:
    r = state.reading
    matches = topic_matches(r.hits, knowledge, r.ctx)
    if not any_fired(state.red_flags):
        matches = calm_benign_emergencies(matches, r.frames)
        matches = about_a_pet(matches, r.frames)
    state.matches = health_floor(matches, knowledge, r.message, r.frames)
    state.note = ", ".join(f"{m.topic.id} -> {m.disposition.value}" for m in state.matches)


def _decide(state: _State, knowledge: Knowledge) -> None:
    """The most urgent of the red flags and the topics; with neither, the fallback words."""
    r = state.reading
    result = TriageResult(
        Disposition.UNCLEAR, "unclear:no_match", "", r.message, r.facts, state.red_flags,
        state.matches, topic_ids=r.ctx.topic_ids, frames=r.frames,
    )  # fmt: skip
    if state.red_flags:
        top = state.red_flags[0]
        result.disposition, result.rule, result.why = (
            top.disposition,
            f"red_flag:{top.rule_id}",
            top.say,
        )
    matches = state.matches
    if matches and matches[0].disposition.acuity > result.disposition.acuity:
        best = matches[0]
        why = next(
            (rule.why for n, rule in enumerate(best.topic.rules, 1) if best.why.endswith(f"rule{n}")),
            "",
        )
        if best.why == CLINICIAN_FLOOR:  # the group's summary would not say why a GP
            why = wording.text("why.fallback.health_words")
        elif best.why.endswith(":long_ago"):
            why = wording.text("why.long_ago")  # not the summary's "urgent care today"
        result.disposition, result.rule, result.why = (
            best.disposition,
            best.why,
            why or best.topic.summary,
        )
    if result.disposition is Disposition.UNCLEAR and not r.message.is_empty:
        fall_back(result, r.message, knowledge, r.frames)
    state.result = result
    state.note = f"{result.disposition.value} by {result.rule}"


def _other_language(state: _State, knowledge: Knowledge) -> None:
    r = state.reading
    if r.language.is_english:
        return
    result = state.answer()
    before = result.rule
    other_language(result, knowledge, str(r.text), r.language)
    state.note = f"{r.language.code}" + (f", {result.rule}" if result.rule != before else "")


def _second_opinion(state: _State, knowledge: Knowledge) -> None:
    """The model may only raise, and never past an emergency the rules already gave."""
    r, result = state.reading, state.answer()
    if knowledge.model is None or not r.readable or result.disposition.is_emergency:
        return
    # readable: the text is a string with something in it
    second_opinion(result, knowledge.model, str(r.text), english=r.language.is_english)
    heads = result.opinion.heads if result.opinion else {}
    state.note = ", ".join(f"{k} {v:.2f}" for k, v in heads.items())
    if result.rule.startswith("model:"):
        state.note += f"; raised to {result.disposition.value}"


def _language_default(state: _State, knowledge: Knowledge) -> None:
    if not state.reading.language.is_english:
        result = state.answer()
        other_language_default(result, state.reading.language)
        state.note = result.rule


# The order is the safety case: the floor first, then what may only raise it.
STAGES = (
    ("red flags", _red_flags),
    ("topics", _topics),
    ("decision", _decide),
    ("other language", _other_language),
    ("second opinion", _second_opinion),
    ("language default", _language_default),
)


def _language(text: object, knowledge: Knowledge) -> languages.Language:
    if not isinstance(text, str) or not text.strip():
        return languages.Language(languages.ENGLISH, 0.0, "default")
    return languages.detect(text, knowledge.common_english)
