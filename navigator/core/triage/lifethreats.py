"""Present-tense life-threatening signs (content/rules/life_threats.yaml) that no global
exception can switch off.

The red-flag rules read context widely (an idiom, a past event or a pet anywhere can stop
them); these read only what is about the sign itself, in its own sentence: a denial of the
sign, a question frame or past marker in front of it with no present marker between, a story
frame in its clause, an animal as its subject, and the sign's own `unless` phrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from navigator.core.models import Disposition
from navigator.core.triage.anchors import PatternFilter
from navigator.core.triage.safety import RedFlagHit
from navigator.core.triage.text import CLAUSE_BREAK, Message, clause_before


def _words(pattern: str) -> re.Pattern:
    return re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])")


@dataclass(frozen=True)
class Sign:
    id: str
    disposition: Disposition
    say: str
    source: str
    match: tuple[re.Pattern, ...]
    unless: tuple[re.Pattern, ...]
    requires: tuple[re.Pattern, ...]  # one must also be said somewhere in the message
    questions_count: bool  # a question is a disclosure for this sign ("is it normal to...")
    must_catch: tuple[str, ...]
    must_not_catch: tuple[str, ...]


class LifeThreats:
    def __init__(self, data: dict, prefix: str = "life_threat", prefilter: bool = True):
        """`prefilter`: skip a sign when the message holds none of its anchor words (it
        could not match; anchors.py). Off only to test that it changes nothing."""
        self.prefix = prefix
        self.present = _words(data["present_markers"])
        self.question = _words(data["question_frames"])
        self.past = _words(data["past_markers"])
        self.story = _words(data["story_frames"])
        self.animal = _words(data["animals"])
        self.person = _words(data["persons"])
        self.signs = tuple(
            Sign(
                id=raw["id"],
                disposition=Disposition(raw["disposition"]),
                say=raw["say"],
                source=raw["source"],
                match=tuple(_words(p) for p in raw["match"]),
                unless=tuple(_words(p) for p in raw.get("unless") or ()),
                requires=tuple(_words(p) for p in raw.get("requires") or ()),
                questions_count=bool(raw.get("questions_count", False)),
                must_catch=tuple(raw.get("must_catch") or ()),
                must_not_catch=tuple(raw.get("must_not_catch") or ()),
            )
            for raw in data["signs"]
        )
        self.filter = PatternFilter((s.match for s in self.signs), prefilter)

    def check(self, message: Message) -> list[RedFlagHit]:
        readings = message.readings
        hits = []
        live = self.filter.live(r.text for r in readings)
        for sign, patterns in zip(self.signs, live, strict=True):
            if not patterns:
                continue  # none of its anchor words: none of its patterns can match
            matched = next((m for r in readings if (m := self._fires(sign, r, patterns))), None)
            if matched:
                hits.append(
                    RedFlagHit(
                        f"{self.prefix}:{sign.id}", sign.disposition, sign.say, sign.source, matched
                    )
                )
        return hits

    def _fires(self, sign: Sign, reading: Message, patterns: tuple[re.Pattern, ...]) -> str | None:
        """`patterns`: the sign's match patterns that may match (PatternFilter.live)."""
        text = reading.text
        if sign.requires and not any(p.search(text) for p in sign.requires):
            return None
        for pattern in patterns:
            for m in pattern.finditer(text):
                if reading.span_negated(reading.token_index_at(m.start())):
                    continue
                if not self._said_now(sign, text, m):
                    continue
                return m.group(0)
        return None

    def _said_now(self, sign: Sign, text: str, m: re.Match) -> bool:
        left = text.rfind(f" {CLAUSE_BREAK} ", 0, m.start())
        right = text.find(f" {CLAUSE_BREAK} ", m.end())
        start = left + 3 if left >= 0 else 0
        sentence = text[start : right if right >= 0 else len(text)]
        before = text[start : m.start()]
        if any(p.search(sentence) for p in sign.unless):
            return False
        if self._framed(before, questions=not sign.questions_count):
            return False
        clause = clause_before(before)
        if self.story.search(clause):
            return False
        return not self._animal_subject(clause)

    def _framed(self, before: str, questions: bool = True) -> bool:
        """A question or a past marker in front of the sign, not cancelled by a later
        present marker ("I had a fit in 2019 and now he is fitting")."""
        patterns = (self.question, self.past) if questions else (self.past,)
        frames = [m.end() for p in patterns for m in p.finditer(before)]
        if not frames:
            return False
        return not self.present.search(before, max(frames))

    def _animal_subject(self, clause: str) -> bool:
        animals = list(self.animal.finditer(clause))
        if not animals:
            return False
        return not self.person.search(clause, animals[-1].end())
