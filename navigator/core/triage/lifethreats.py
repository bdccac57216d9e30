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
from navigator.core.triage.text import CLAUSE_BREAK, Message, clause_after, clause_before

_NOW_REACH = 3  # words after a sign that can still say it is happening now ("fitting right now")
# a verb in the present straight after the sign: "crushing chest pain and I'm sweating"
_PRESENT_VERB = re.compile(r"(?<![a-z0-9])(?:im|i am|is|are|hes|shes|theyre|keeps)(?![a-z0-9])")
# "and" with a new subject starts a new event: "she had a fit years ago and my dad is..."
_NEW_SUBJECT = re.compile(
    r" (?:and|but|then) (?=(?:my|his|her|our|their|the|i|im|he|hes|she|shes|they|theyre|we)\s)"
)
# Words that start a new thought between an exception and a later sign.
_JOIN = re.compile(r"(?<![a-z0-9])(?:and|but|now|then|so|cos|because|while|when)(?![a-z0-9])")


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
        self.distant_past = _words(data["distant_past_markers"])
        self.story = _words(data["story_frames"])
        # an animal or a machine as the subject: "my dog isnt breathing", "the laptop wont wake"
        self.animal = _words(f'{data["animals"]}|{data["things"]}')
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
        if self._excepted(sign, sentence, m.start() - start, m.end() - start):
            return False
        after = clause_after(text[m.end() : right if right >= 0 else len(text)])
        # "had a fit years ago and he's fitting now": a present word in the sign or in the few
        # words straight after it outweighs a past frame in front of it
        right_after = " ".join([m.group(0), *after.split()[:_NOW_REACH]])
        said_now = self.present.search(right_after) or _PRESENT_VERB.search(right_after)
        if self._framed(before, questions=not sign.questions_count) and not said_now:
            return False
        clause = clause_before(before)
        if self.story.search(clause):
            return False
        if self._dated_long_ago(after):
            return False
        return not self._animal_subject(clause)

    @staticmethod
    def _excepted(sign: Sign, sentence: str, begin: int, end: int) -> bool:
        """A sign's own exception stops the sign where it overlaps it or follows it in its
        sentence ("fitting a new kitchen", "cant breathe through my nose"), or ends before it
        with no joining word between them; "had a fit years ago and now he is fitting" still
        fires."""
        for pattern in sign.unless:
            for u in pattern.finditer(sentence):
                if u.end() > begin:
                    return True
                if not _JOIN.search(sentence, u.end(), begin):
                    return True
        return False

    def _dated_long_ago(self, clause: str) -> bool:
        """The sign's own clause after it dates it months or years back, with nothing present
        in that clause ("had an overdose in 2018, fine now"; "had a fit years ago"). Recent
        times ("last night", "an hour ago") are not distant, so they never stop a sign."""
        return bool(self.distant_past.search(clause)) and not self.present.search(clause)

    def _framed(self, before: str, questions: bool = True) -> bool:
        """A question or a past marker in front of the sign, not cancelled by a later
        present marker ("I had a fit in 2019 and now he is fitting")."""
        frames = [m.end() for m in self.question.finditer(before)] if questions else []
        # a past marker holds only until someone new is the subject: "she had a fit years ago
        # and my dad isn't breathing" is about now
        past_reach = _NEW_SUBJECT.split(before)[-1]
        frames += [m.end() + len(before) - len(past_reach) for m in self.past.finditer(past_reach)]
        if not frames:
            return False
        return not self.present.search(before, max(frames))

    def _animal_subject(self, clause: str) -> bool:
        animals = list(self.animal.finditer(clause))
        if not animals:
            return False
        return not self.person.search(clause, animals[-1].end())
