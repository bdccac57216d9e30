"""The alarm score (content/rules/alarm.yaml): the red-flag stage's last net, weighted
alarming phrases summed, for messages no single rule caught."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from navigator.core.models import Disposition
from navigator.core.triage.anchors import PatternFilter
from navigator.core.triage.text import Message


@dataclass(frozen=True)
class AlarmScore:
    """The last net (content/rules/alarm.yaml): weighted alarming phrases, summed."""

    phrases: tuple[tuple[int, re.Pattern], ...]
    threshold: int
    severe_threshold: int
    disposition: Disposition
    say: str
    source: str
    prefilter: bool = True  # look only for phrases whose anchor words the message holds

    @classmethod
    def from_dict(cls, data: dict, prefilter: bool = True) -> AlarmScore:
        phrases = []
        for weight, text in (data.get("phrases") or {}).items():
            alternatives = [a.strip() for a in str(text).split("|") if a.strip()]
            body = "|".join(alternatives)
            phrases.append((int(weight), re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")))
        return cls(
            tuple(phrases),
            int(data.get("threshold", 5)),
            int(data.get("severe_threshold", 999)),
            Disposition(data.get("disposition", "a_and_e")),
            str(data.get("say", "")),
            str(data.get("source", "")),
            prefilter,
        )

    @cached_property
    def _filter(self) -> PatternFilter:
        return PatternFilter(((pattern,) for _, pattern in self.phrases), self.prefilter)

    def score(self, message: Message) -> int:
        """The summed weight, or 0 when no strong (weight 3) phrase is among them: several
        mild worries together are not an emergency."""
        total, strong = 0, False
        live = self._filter.live((message.text,))  # each phrase's pattern, or none
        for (weight, _), patterns in zip(self.phrases, live, strict=True):
            for pattern in patterns:
                for m in pattern.finditer(message.text):
                    if not message.span_negated(message.token_index_at(m.start())):
                        total += weight
                        strong = strong or weight >= 3
        return total if strong else 0
