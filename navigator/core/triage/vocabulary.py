"""Emergency and everyday concepts in other languages (content/rules/languages/<code>.yaml),
written per language and matched on folded text: case, accents and diacritics removed, so
"gardlo" and "gardło" read alike. A phrase matches when each of its words appears, as the
start of a word or inside one (endings and clitics vary: "gardło"/"gardła", "صدر"/"بصدره"),
close together in any order; in Chinese, each character within a short stretch. A phrase
preceded closely by one of that language's negations ("nie", "bez") does not count."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from navigator.core.models import Disposition
from navigator.core.triage.language import UNKNOWN, fold

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
    # a language we do not answer in (French, Russian...), whose emergency words are read only
    # in a message no language of ours was recognised in: in ours they would collide
    # ("crise de epilepsia" is Portuguese, "infarto" both Spanish and Portuguese)
    only_unrecognised: bool = False

    def find(self, folded: str, pieces: frozenset[str] | None = None) -> list[ConceptHit]:
        """`pieces`: word_pieces of `folded` up to at least self.longest_first, if at hand."""
        if pieces is None:
            pieces = word_pieces(_WORDS.findall(folded), self.longest_first)
        starts, odd = self._starts
        # The concepts with a phrase start in the message: `first in folded` for a start made
        # of word characters is `first in pieces`; only the others (none today) search the text.
        said = {i for first in starts.keys() & pieces for i in starts[first]}
        said.update(i for first, ids in odd.items() if first in folded for i in ids)
        if not said:
            return []
        tokens = [(m.group(0), m.start()) for m in _WORDS.finditer(folded)]
        hits = []
        for i in sorted(said):
            concept, disposition, _ = self.concepts[i]
            for phrase, first, others in self._phrases[i]:
                if first not in pieces and not (first in odd and first in folded):
                    continue  # cheap: most phrases are not there at all
                if not all(stem in folded for stem in others):
                    continue  # every word's stem is in the text wherever the phrase is said
                # any place it is said and not denied: "nie pomaga, sinieje" denies the help,
                # not the blue lips
                if any(
                    not self.negated(folded, start, end)
                    for start, end in _locations(phrase, folded, tokens)
                ):
                    hits.append(ConceptHit(self.language, concept, disposition, phrase.text))
                    break
        return hits

    @cached_property
    def longest_first(self) -> int:
        return max((len(p.first) for _, _, phrases in self.concepts for p in phrases), default=0)

    @cached_property
    def _phrases(self) -> tuple[tuple[tuple[Phrase, str, tuple[str, ...]], ...], ...]:
        """Each concept's phrases with their start and (not in Chinese, which is matched a
        character at a time) the stems of their other words."""
        return tuple(
            tuple((p, p.first, () if p.cjk else p.stems[1:]) for p in phrases)
            for _, _, phrases in self.concepts
        )

    @cached_property
    def _starts(self) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
        """Phrase starts -> the concepts with a phrase starting so: those made of word
        characters, and the others (none today), which are looked for in the text itself."""
        starts: dict[str, set[int]] = {}
        for i, (_, _, phrases) in enumerate(self.concepts):
            for phrase in phrases:
                starts.setdefault(phrase.first, set()).add(i)
        words = {f: tuple(ids) for f, ids in starts.items() if _WORDS.fullmatch(f)}
        return words, {f: tuple(ids) for f, ids in starts.items() if f not in words}

    def negated(self, folded: str, start: int, end: int) -> bool:
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
            only_unrecognised=bool(data.get("only_when_unrecognised", False)),
        )
    return found


def find_concepts(vocabularies: dict[str, Vocabulary], text: str, language: str) -> list[ConceptHit]:
    """The concepts of the message's own language first, then of every other language (a
    Roman Urdu message may be read as Hindi): a floor that only raises, most urgent first."""
    folded = fold(text)
    order = [language] + sorted(
        code
        for code, vocabulary in vocabularies.items()
        if code != language and (language == UNKNOWN or not vocabulary.only_unrecognised)
    )
    longest = max((v.longest_first for v in vocabularies.values()), default=0)
    pieces = word_pieces(_WORDS.findall(folded), longest)
    hits = [
        h
        for code in order
        if code in vocabularies
        for h in vocabularies[code].find(folded, pieces)
    ]
    return sorted(hits, key=lambda h: -h.disposition.acuity)


def word_pieces(words: Iterable[str], longest: int) -> frozenset[str]:
    """Every stretch of each word up to `longest` characters: a run of word characters is in
    the text exactly when it is inside one word, so exactly when it is among these."""
    return frozenset(
        word[i : i + n]
        for word in words
        for i in range(len(word))
        for n in range(1, min(longest, len(word) - i) + 1)
    )


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
