"""A count of tablets beside a medicine's name, read in any language (content/rules/
fallback.yaml, counted_medicines): "20 panadol kha li", "am luat 25 de paracetamol",
"吃了20片 paracetamol". The English rules read the verbs around such a count; in another
language the count and the name are all the rules can be sure of."""

from __future__ import annotations

import re
from dataclasses import dataclass

FEWEST, MOST = 10, 150  # fewer is a dose; more is a strength ("paracetamol 500")
_UNIT = r"(?:\s*(?:mg|ml|mcg|g|gr|kg|%|mg/ml)\b)"
_BREAK = r"\s\d,.;:!?，。、"
_BETWEEN = r"(?:\s+[^\s,.;:!?，。、]{1,12}){0,2}"  # "de", "7abbet", "tabletek", "pastillas de"


@dataclass(frozen=True)
class CountedMedicine:
    pattern: re.Pattern[str]

    @classmethod
    def from_names(cls, names: str) -> CountedMedicine:
        alternatives = "|".join(sorted((re.escape(n) for n in names.split()), key=len, reverse=True))
        count = rf"(?<![\d.,])(\d{{2,3}})(?![\d.,]|{_UNIT})"
        name = rf"(?:{alternatives})"
        return cls(
            re.compile(
                rf"{count}[^{_BREAK}]{{0,4}}{_BETWEEN}\s*{name}|{name}\w*{_BETWEEN}\s+{count}",
                re.IGNORECASE,
            )
        )

    def find(self, text: str) -> str:
        """The words that say a count of a medicine was named, or ""."""
        for m in self.pattern.finditer(text):
            digits = m.group(1) or m.group(2)
            if FEWEST <= int(digits) <= MOST:
                return m.group(0)
        return ""
