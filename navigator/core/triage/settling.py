"""A sign told as over or long-standing ("fainted, came round straight away, fine now";
"breathless on the stairs for months, fine at rest"): below an emergency, such a sign leaves a
GP floor instead of an alarm. It is settled only when nothing red is said around it: a
feature in UNSETTLED ("still pale", "then", "chest") keeps the alarm. A rule may name the
UNSETTLED words it does not count (`settles_despite` in red_flags.yaml)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from navigator.core.triage.text import Message, all_matches, sentence_end, sentence_start

if TYPE_CHECKING:
    from navigator.core.triage.safety import RedFlagRule


class Settling:
    def __init__(self, unsettled: re.Pattern, was_there: re.Pattern):
        self.unsettled = unsettled  # a red feature or a new start after a settled phrase
        self.was_there = was_there  # a denial that says it was there: "no more chest pain"

    def settled(self, rule: RedFlagRule, text: str, m: re.Match, reading: Message) -> bool:
        """A settled or long-standing phrase after the sign, in its sentence or the next,
        said and not denied, with no red feature or new start anywhere around it ("came
        round but still pale", "heart racing then I passed out, fine now", "for years but
        worse today"). A red feature denied is not one: "fine when I sit, no chest pain"."""
        if not rule.settled_any:
            return False
        start, end = (
            sentence_start(text, m.start()),
            sentence_end(text, sentence_end(text, m.end()) + 3),
        )
        for pattern in rule.settled_any:
            for found in all_matches(pattern, text[:end]):
                if found.start() < m.end():
                    continue  # before the sign: "was fine today until I fainted"
                if reading.span_negated(reading.token_index_at(found.start())):
                    continue
                around = ((start, m.start()), (m.end(), found.start()), (found.end(), end))
                if not any(self._red_feature(rule, text, a, b, reading) for a, b in around):
                    return True
        return False

    def _red_feature(
        self, rule: RedFlagRule, text: str, start: int, end: int, reading: Message
    ) -> bool:
        """An UNSETTLED word between these offsets that this rule counts, said and not denied
        ("no more chest pain" and "havent had the pain since lunch" say it was there)."""
        return any(
            not (rule.settles_despite and rule.settles_despite.fullmatch(found.group(0)))
            and (
                not reading.span_negated(reading.token_index_at(found.start()))
                or self.was_there.search(text, max(0, found.start() - 30), found.end() + 25)
            )
            for found in self.unsettled.finditer(text, start, end)
        )
