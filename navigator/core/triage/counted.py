"""A count of tablets beside a medicine's name, read in any language (content/rules/
fallback.yaml, counted_medicines): "20 panadol kha li", "am luat 25 de paracetamol",
"吃了20片 paracetamol". The English rules read the verbs around such a count; in another
language the count before the name is all the rules can be sure of. The name before a number
is not read: there the number is a strength, an age or a time ("sertralina 50", "15 lat")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from navigator.core.triage.language import fold
from navigator.core.triage.vocabulary import Vocabulary

FEWEST, MOST = 10, 150  # fewer is a dose; more is a strength ("500 paracetamol" tablets)
# a strength, a temperature, a time, or an age ("15 lat", "20 ani", "30 saal", "40 anos")
_UNIT = (
    r"(?:\s*(?:mg|ml|mcg|g|gr|kg|mg/ml|mmol|c|degrees|years?|yrs?|lat|lata|ani|anos|saal|sal|"
    r"sala|sali|sano|sanad|sana|sanawat)\b|\s*[%°:/])"
)
_BETWEEN = r"(?:\s+[^\s,.;:!?，。、]{1,12}){0,2}"  # "de", "7abbet", "tabletek", "pastillas de"


@dataclass(frozen=True)
class CountedMedicine:
    pattern: re.Pattern[str]

    @classmethod
    def from_names(cls, names: str) -> CountedMedicine:
        folded = sorted({fold(n) for n in names.split()}, key=len, reverse=True)
        alternatives = "|".join(re.escape(n) for n in folded)
        count = rf"(?<![a-z0-9.,:/])(\d{{2,3}})(?![\d.,]|{_UNIT})"
        return cls(re.compile(rf"{count}[^\s\d,.;:!?，。、]{{0,4}}{_BETWEEN}\s*(?:{alternatives})"))

    def find(self, text: str, vocabulary: Vocabulary | None = None) -> str:
        """The words that say a count of a medicine was taken, or "" (none, or denied by the
        language's own negation, before it or after it: "nie wzięłam 20 tabletek",
        "20 panadol nahi khayi")."""
        folded = fold(text)
        for m in self.pattern.finditer(folded):
            if not FEWEST <= int(m.group(1)) <= MOST:
                continue
            if vocabulary is None or not vocabulary.negated(folded, m.start(), m.end()):
                return m.group(0)
        return ""
