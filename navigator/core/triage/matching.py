"""The one wrapper around rapidfuzz, and exact phrase matching over stemmed tokens.

RapidFuzz 3 does no preprocessing unless told, and WRatio/partial_ratio rate a short word
inside a long phrase far too high ("cut" inside "haircut"), so every call here passes
processor, scorer and score_cutoff explicitly and compares single words with `ratio` only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from navigator.core.triage.text import CLAUSE_BREAK, NEGATION_CUES, SOFT_BREAK, Message, stem

MIN_CORRECTABLE_CHARS = 4  # shorter tokens are text-speak for the lexicon, never guessed
SHORT_WORD_CUTOFF = 75  # 4-letter words: one transposition ("pian" -> "pain"), same first letter
WORD_CUTOFF = 80  # 5+ letters: about one edit in five characters
JOINED_WORD_CUTOFF = 88
MIN_JOINED_PART_CHARS = 3  # "ear ake" -> "earache": two tokens read as one word


class SpellCorrector:
    """Corrects unknown words towards the vocabulary the rules and topics use.

    `known` words are left alone even when they look like a target ("heat" is not "heart"):
    the known set is every word of the content, so ordinary English in it is protected.
    """

    def __init__(self, targets: Iterable[str], known: Iterable[str]):
        self.targets = sorted({t for t in targets if len(t) >= MIN_CORRECTABLE_CHARS})
        self.known = frozenset(known) | frozenset(self.targets)
        self._cache: dict[str, str] = {}

    def correct_word(self, word: str) -> str:
        if word in self.known or len(word) < MIN_CORRECTABLE_CHARS or not word.isalpha():
            return word
        cached = self._cache.get(word)
        if cached is None:
            cached = self._closest(word) or word
            if len(self._cache) < 50_000:  # bounded: hostile input must not grow memory
                self._cache[word] = cached
        return cached

    def _closest(self, word: str) -> str | None:
        cutoff = SHORT_WORD_CUTOFF if len(word) == MIN_CORRECTABLE_CHARS else WORD_CUTOFF
        found = process.extractOne(
            word, self.targets, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff
        )
        if not found:
            return None
        target = found[0]
        if len(word) == MIN_CORRECTABLE_CHARS and target[0] != word[0]:
            return None
        return target

    def _joined(self, first: str, second: str) -> str | None:
        """Two fragments that only make sense together ("tooth ake")."""
        if min(len(first), len(second)) < MIN_JOINED_PART_CHARS:
            return None
        if first in self.known and second in self.known:
            return None
        joined = first + second
        if joined in self.known:
            return joined
        found = process.extractOne(
            joined,
            self.targets,
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=JOINED_WORD_CUTOFF,
        )
        return found[0] if found else None

    def __call__(self, tokens: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt and tok.isalpha() and nxt.isalpha():
                if tok not in self.known or nxt not in self.known:
                    joined = self._joined(tok, nxt)
                    if joined:
                        out.append(joined)
                        i += 2
                        continue
            out.append(self.correct_word(tok))
            i += 1
        return out


@dataclass(frozen=True)
class PhraseHit:
    key: str  # what the phrase belongs to (a topic id)
    phrase: str  # the phrase as written in the content file
    start: int  # token span in the message
    end: int
    negated: bool
    weak: bool = False  # a keyword, not a term: weaker evidence
    weight: float = 1.0  # for keywords: 1 / the number of topics listing it

    @property
    def size(self) -> int:
        return len(self.phrase.split())


MAX_FILLER_TOKENS = 1  # "sore scratchy throat" still says "sore throat"


class PhraseIndex:
    """Finds listed phrases in a message: stems in order, a filler word allowed between them
    (never a "not"), two-word phrases also reversed ("throat is sore"), never across a clause
    break."""

    def __init__(self, phrases: Iterable[tuple[str, str, tuple[str, ...]]]):
        """`phrases`: (key, phrase as written, phrase tokens after the lexicon)."""
        # first stem -> (stems, key, phrase, the other stems, all needed somewhere in a message)
        self._by_first: dict[str, list[tuple[tuple[str, ...], str, str, frozenset[str]]]] = {}
        for key, phrase, tokens in phrases:
            stems = tuple(stem(t) for t in tokens if t)
            if not stems:
                continue
            self._by_first.setdefault(stems[0], []).append(
                (stems, key, phrase, frozenset(stems[1:]))
            )
            if len(stems) == 2 and stems[0] != stems[1]:
                self._by_first.setdefault(stems[1], []).append(
                    ((stems[1], stems[0]), key, phrase, frozenset(stems[:1]))
                )

    def find(self, message: Message) -> list[PhraseHit]:
        stems = message.stems
        present = set(stems)
        hits = []
        for i, first in enumerate(stems):
            for pattern, key, phrase, others in self._by_first.get(first, ()):
                if not others <= present:
                    continue  # a word it needs is nowhere in the message
                end = _match_from(stems, i, pattern)
                if end is not None:
                    hits.append(PhraseHit(key, phrase, i, end, message.span_negated(i)))
        return hits


def _match_from(stems: list[str], start: int, pattern: tuple[str, ...]) -> int | None:
    pos = start + 1
    for want in pattern[1:]:
        for skip in range(MAX_FILLER_TOKENS + 1):
            j = pos + skip
            if j >= len(stems) or stems[j] in (CLAUSE_BREAK, SOFT_BREAK):
                return None
            if stems[j] == want:
                pos = j + 1
                break
            if stems[j] in NEGATION_CUES:
                return None  # "cheek not swollen" is no "swollen cheek"
        else:
            return None
    return pos
