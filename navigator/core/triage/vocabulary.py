"""Emergency and everyday concepts in other languages (content/rules/languages/<code>.yaml),
written per language and matched on folded text: case, accents and diacritics removed, so
"gardlo" and "gardło" read alike. A phrase preceded closely by one of that language's
negations ("nie", "bez") does not count."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from navigator.core.models import Disposition
from navigator.core.triage.language import fold

NEGATION_REACH_CHARS = 12  # a negation this close before a phrase denies it


@dataclass(frozen=True)
class ConceptHit:
    language: str
    concept: str
    disposition: Disposition
    phrase: str


@dataclass(frozen=True)
class Vocabulary:
    language: str
    status: str
    negations: tuple[str, ...]
    concepts: tuple[tuple[str, Disposition, tuple[str, ...]], ...]

    def find(self, folded: str) -> list[ConceptHit]:
        hits = []
        for concept, disposition, phrases in self.concepts:
            for phrase in phrases:
                at = folded.find(phrase)
                if at >= 0 and not self._negated(folded, at):
                    hits.append(ConceptHit(self.language, concept, disposition, phrase))
                    break
        return hits

    def _negated(self, folded: str, at: int) -> bool:
        window = folded[max(0, at - NEGATION_REACH_CHARS) : at]
        return any(_word_in(n, window) for n in self.negations)


def _word_in(word: str, window: str) -> bool:
    at = window.find(word)
    while at >= 0:
        before = window[at - 1] if at > 0 else " "
        after = window[at + len(word)] if at + len(word) < len(window) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        at = window.find(word, at + 1)
    return False


def load_vocabularies(folder: Path) -> dict[str, Vocabulary]:
    found = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        concepts = []
        for name, spec in (data.get("concepts") or {}).items():
            phrases = tuple(
                sorted({fold(p).strip() for p in spec.get("phrases") or () if len(fold(p).strip()) >= 4})
            )
            concepts.append((name, Disposition(spec["disposition"]), phrases))
        code = str(data.get("language") or path.stem)
        found[code] = Vocabulary(
            language=code,
            status=str(data.get("status", "draft")),
            negations=tuple(fold(n).strip() for n in data.get("negations") or () if str(n).strip()),
            concepts=tuple(concepts),
        )
    return found


def find_concepts(vocabularies: dict[str, Vocabulary], text: str, language: str) -> list[ConceptHit]:
    """The concepts of the message's own language first, then of every other language (a
    Roman Urdu message may be read as Hindi): a floor that only raises, most urgent first."""
    folded = fold(text)
    order = [language] + sorted(code for code in vocabularies if code != language)
    hits = [h for code in order if code in vocabularies for h in vocabularies[code].find(folded)]
    return sorted(hits, key=lambda h: -h.disposition.acuity)
