"""What every stage of triage reads, computed once per message: the language, the message as
the rules read it, the facts (age, sex, temperature...), the topic phrases found, and the
message-wide frames (a past event, an idiom, talk about a topic, a question, a pet) that
some rules and fallbacks consult."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from navigator.core.triage import conditions
from navigator.core.triage.facts import Facts
from navigator.core.triage.language import Language
from navigator.core.triage.matching import PhraseHit
from navigator.core.triage.text import Message

if TYPE_CHECKING:
    from navigator.core.triage.safety import SafetyRules


@dataclass(frozen=True)
class Frames:
    """Message-wide context. Only wide exceptions read it (topics calmed, fallbacks, the
    alarm score); a life-threatening sign reads its own sentence instead (lifethreats.py)."""

    history: bool  # "had a stroke in 2019"
    idiom: bool  # "my boss is giving me a heart attack"
    talk_about: bool  # a film, a course, a leaflet
    hypothetical: bool  # "what are the signs of..."
    pet_only: bool  # an animal and no person

    @property
    def benign(self) -> bool:
        """An idiom, a past event or talk about a topic anywhere in the message."""
        return self.history or self.idiom or self.talk_about

    @classmethod
    def of(cls, message: Message, safety: SafetyRules) -> Frames:
        text = message.text
        return cls(
            history=bool(safety.history.search(text)),
            idiom=bool(safety.idiom.search(text)),
            talk_about=bool(safety.talk_about.search(text)),
            hypothetical=bool(safety.hypothetical.search(text)),
            pet_only=bool(safety.animal.search(text)) and not safety.person.search(text),
        )


@dataclass
class Reading:
    text: object  # as received (may not even be a string)
    language: Language
    message: Message  # the English view the rules read
    facts: Facts
    hits: list[PhraseHit]  # topic phrases and keywords found, not negated
    ctx: conditions.Context
    frames: Frames

    @property
    def readable(self) -> bool:
        return isinstance(self.text, str) and bool(self.text.strip())
