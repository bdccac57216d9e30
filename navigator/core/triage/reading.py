"""What every stage of triage reads, computed once per message: the language, the message as
the rules read it, the facts (age, sex, temperature...), the topic phrases found, and the
message-wide frames (a past event, an idiom, talk about a topic, a question, a pet) that
some rules and fallbacks consult."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from navigator.core.triage import conditions
from navigator.core.triage.facts import Facts
from navigator.core.triage.language import Language
from navigator.core.triage.matching import PhraseHit
from navigator.core.triage.text import Message

if TYPE_CHECKING:
    from navigator.core.triage.safety import SafetyRules


class Frames:
    """Message-wide context. Only wide exceptions read it (topics calmed, fallbacks, the
    alarm score); a life-threatening sign reads its own sentence instead (lifethreats.py).
    Each frame is looked for once, the first time a stage asks."""

    def __init__(self, message: Message, safety: SafetyRules):
        self._text = message.text
        self._safety = safety

    @cached_property
    def history(self) -> bool:  # "had a stroke in 2019"
        return bool(self._safety.history.search(self._text))

    @cached_property
    def long_ago(self) -> bool:  # "fractured my wrist eight weeks ago, cast is off"
        return bool(self._safety.long_ago.search(self._text))

    @cached_property
    def recent(self) -> bool:  # "about an hour ago", "this morning": today, whatever else
        return bool(self._safety.recent.search(self._text))

    @cached_property
    def idiom(self) -> bool:  # "my boss is giving me a heart attack"
        return bool(self._safety.idiom.search(self._text))

    @cached_property
    def talk_about(self) -> bool:  # a film, a course, a leaflet
        return bool(self._safety.talk_about.search(self._text))

    @cached_property
    def hypothetical(self) -> bool:  # "what are the signs of..."
        return bool(self._safety.hypothetical.search(self._text))

    @cached_property
    def pet_only(self) -> bool:  # an animal and no person
        return bool(self._safety.animal.search(self._text)) and not self._safety.person.search(
            self._text
        )

    @property
    def benign(self) -> bool:
        """An idiom, a past event or talk about a topic anywhere in the message."""
        return self.history or self.idiom or self.talk_about


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
