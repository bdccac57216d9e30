"""Emergency and everyday concepts in other languages (content/rules/languages/<code>.yaml),
written per language and matched on folded text: case, accents and diacritics removed, so
"gardlo" and "gardło" read alike. A phrase matches when each of its words appears, as the
start of a word or inside one (endings and clitics vary: "gardło"/"gardła", "صدر"/"بصدره"),
close together in any order; in Chinese, each character within a short stretch. A phrase
preceded closely by one of that language's negations ("nie", "bez") does not count."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from navigator.core.models import Disposition
from navigator.core.triage.language import fold

NEGATION_REACH_CHARS = 12  # a negation this close before a phrase denies it
WORD_WINDOW = 6  # a phrase's words must all fall within this many words of each other
CJK_SLACK = 3  # extra characters allowed between a Chinese phrase's characters
# A word: letters, digits and the vowel signs of Indic scripts, which Python's \w leaves out
# (without them "বুক ব্যথা" would fall apart into single letters and match almost anything).
_WORDS = re.compile(r"[\w\u0900-\u0963\u0966-\u0dff]+", re.UNICODE)
MIN_PHRASE_CHARS = 4  # shorter phrases hide inside other words
MIN_CJK_PHRASE_CHARS = 2  # a Chinese character carries a word: 昏迷 (unconscious) is two
_CLAUSE_END = re.compile(r"[,.;:!?\u060c\u061b\u061f\u06d4\u0964\u3001\u3002\uff0c\uff1b\uff01\uff1f\n]")


@dataclass(frozen=True)
class ConceptHit:
    language: str
    concept: str
    disposition: Disposition
    phrase: str


@dataclass(frozen=True)
class Phrase:
    text: str
    stems: tuple[str, ...]  # each word's stem; a match needs them all, near each other
    cjk: bool

    @property
    def first(self) -> str:
        return self.text[0] if self.cjk else self.stems[0]

    @classmethod
    def of(cls, text: str) -> Phrase:
        return cls(text, tuple(_stem(w) for w in _WORDS.findall(text)) or (text,), _is_cjk(text))


@dataclass(frozen=True)
class Vocabulary:
    language: str
    status: str
    negations: tuple[str, ...]
    negations_after: tuple[str, ...]  # negations that follow what they deny (Urdu "nahi")
    concepts: tuple[tuple[str, Disposition, tuple[Phrase, ...]], ...]

    def find(self, folded: str) -> list[ConceptHit]:
        tokens = [(m.group(0), m.start()) for m in _WORDS.finditer(folded)]
        hits = []
        for concept, disposition, phrases in self.concepts:
            for phrase in phrases:
                if phrase.first not in folded:  # cheap: most phrases are not there at all
                    continue
                # any place it is said and not denied: "nie pomaga, sinieje" denies the help,
                # not the blue lips
                if any(
                    not self._negated(folded, start, end)
                    for start, end in _locations(phrase, folded, tokens)
                ):
                    hits.append(ConceptHit(self.language, concept, disposition, phrase.text))
                    break
        return hits

    def _negated(self, folded: str, start: int, end: int) -> bool:
        """A negation close by in the same clause, before the phrase or (for languages that
        negate after) after its last word: a comma or full stop ends its reach."""
        before = _CLAUSE_END.split(folded[max(0, start - NEGATION_REACH_CHARS) : start])[-1]
        after = _CLAUSE_END.split(folded[end : end + NEGATION_REACH_CHARS + 6])[0]
        return any(_word_in(n, before) for n in self.negations) or any(
            _word_in(n, after) for n in self.negations_after
        )


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
                Phrase.of(text)
                for text in sorted(
                    {fold(p).strip() for p in spec.get("phrases") or () if _long_enough(fold(p))}
                )
            )
            concepts.append((name, Disposition(spec["disposition"]), phrases))
        code = str(data.get("language") or path.stem)
        found[code] = Vocabulary(
            language=code,
            status=str(data.get("status", "draft")),
            negations=tuple(fold(n).strip() for n in data.get("negations") or () if str(n).strip()),
            negations_after=tuple(
                fold(n).strip() for n in data.get("negations_after") or () if str(n).strip()
            ),
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


def _stem(word: str) -> str:
    """The part of a phrase word that must appear: endings vary, so the last letters of a
    longer word are let go."""
    return word if len(word) <= 4 else word[: max(4, len(word) - 2)]


def _long_enough(phrase: str) -> bool:
    text = phrase.strip()
    if _is_cjk(text):
        return len(text.replace(" ", "")) >= MIN_CJK_PHRASE_CHARS
    return len(text) >= MIN_PHRASE_CHARS


def _is_cjk(text: str) -> bool:
    return any(0x3400 <= ord(ch) <= 0x9FFF for ch in text)


def _locations(phrase: Phrase, folded: str, tokens: list[tuple[str, int]]):
    """Every place a phrase is said: where its words start and where the last one ends (a
    negation that follows is read after the whole phrase, not inside it)."""
    at = folded.find(phrase.text)
    while at >= 0:
        yield at, at + len(phrase.text)
        at = folded.find(phrase.text, at + 1)
    if phrase.cjk:
        yield from _locate_characters(phrase.text.replace(" ", ""), folded)
        return
    stems = phrase.stems
    for i, (token, offset) in enumerate(tokens):
        if stems[0] not in token:
            continue
        window = tokens[max(0, i - WORD_WINDOW) : i + WORD_WINDOW + 1]
        words = [(token, offset)]
        for stem in stems[1:]:
            word = next((t for t in window if stem in t[0]), None)
            if word is None:
                break
            words.append(word)
        else:
            yield min(o for _, o in words), max(o + len(t) for t, o in words)


def _locate_characters(phrase: str, folded: str):
    at = folded.find(phrase[0])
    while at >= 0:
        stretch = folded[at : at + len(phrase) + CJK_SLACK]
        if all(ch in stretch for ch in phrase):
            yield at, at + len(stretch.rstrip())
        at = folded.find(phrase[0], at + 1)
