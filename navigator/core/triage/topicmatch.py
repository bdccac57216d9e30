"""Topics found in a message: phrase and keyword hits grouped by topic, each topic's level
raised by any of its rules whose conditions hold, then the context adjustments (a past event
or idiom calms a topic's emergency rule, a pet goes to the pets topic, a body word keeps a
social topic at self-care or above)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from navigator.core.models import Disposition
from navigator.core.triage import conditions
from navigator.core.triage.matching import PhraseHit
from navigator.core.triage.reading import Frames
from navigator.core.triage.text import Message
from navigator.core.triage.topics import Topic

if TYPE_CHECKING:
    from navigator.core.triage.pipeline import Knowledge


@dataclass(frozen=True)
class TopicMatch:
    topic: Topic
    score: float  # terms count 2 a word; a keyword its share of 1
    terms: tuple[str, ...]
    disposition: Disposition
    why: str
    strong: bool = True  # matched by a term, not only by keywords



def without_overlaps(hits: list[PhraseHit]) -> list[PhraseHit]:
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


def keyword_hits(
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


def topic_matches(hits: list[PhraseHit], knowledge: Knowledge, ctx) -> list[TopicMatch]:
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
                # a keyword and one of the topic's own specific warning phrases ("tummy" and
                # "low down on the right") is evidence enough to decide, beside another term
                strong = strong or (rule.decides and "any_terms" in rule.when)
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


SAME_DAY = (Disposition.URGENT_CARE,)
PETS_TOPIC = "pets-and-animals"
CLINICIAN_FLOOR = "fallback:clinician_words_with_weak_topic"


def about_a_pet(matches: list[TopicMatch], frames: Frames) -> list[TopicMatch]:
    """A message about a pet and no person ("puppy vomiting blood, any vets?") is answered
    by the pets topic, not by the human topics its symptoms match."""
    if not frames.pet_only:
        return matches
    pets = [m for m in matches if m.topic.id == PETS_TOPIC]
    return pets or matches


def health_floor(
    matches: list[TopicMatch], knowledge: Knowledge, message, frames: Frames
) -> list[TopicMatch]:
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
    floor, why = Disposition.SELF_CARE, "fallback:health_words_with_weak_topic"
    if words & knowledge.clinician_words and not (frames.idiom or frames.pet_only):
        # a bleed, the chest, breathing or a reading beside a group's keyword ("blood in my
        # water", "BP 160/100", "chest aching at the gym"): a clinician, as with no topic
        severe = bool(words & knowledge.severity_words)
        floor = Disposition.NHS_111 if severe else Disposition.GP
        why = CLINICIAN_FLOOR
    return [TopicMatch(best.topic, best.score, best.terms, floor, why, best.strong), *matches[1:]]


def calm_benign_emergencies(matches: list[TopicMatch], frames: Frames) -> list[TopicMatch]:
    """A topic may reach an emergency level through its own rules or its name. With no red
    flag and an idiom, a past event or talk about it in the message ("I used to self harm",
    "overdosed on chocolate lol", "what are the early signs of psychosis, doing a nursing
    essay"), that topic falls back to its highest non-emergency level. A health topic at urgent
    care (in practice a same-day injury) told as weeks ago or healed, with nothing said to have
    happened today, becomes a GP's question ("fractured my wrist eight weeks ago, cast is
    off, physio?")."""
    long_ago = frames.long_ago and not frames.recent  # "cut it an hour ago; tetanus years ago"
    if not (frames.benign or long_ago):
        return matches
    calmed = []
    for m in matches:
        if long_ago and m.disposition in SAME_DAY and m.topic.kind == "health":
            m = TopicMatch(
                m.topic, m.score, m.terms, Disposition.GP, f"topic:{m.topic.id}:long_ago", m.strong
            )
        elif frames.benign and m.disposition.is_emergency:
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
