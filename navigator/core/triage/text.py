"""Reading a resident's message: cleaning, text-speak, spelling, negation, ages, sex, time.

Everything here is deterministic and cheap: the webhook calls it on every message. The
lexicon (content/rules/lexicon.yaml) is data a reviewer can read; this module only applies it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from navigator.core.triage.numbers import NUMBER_WORDS, join_number_words

MAX_MESSAGE_CHARS = 2000  # longer messages are cut: nobody texts a clinical history this long
CLAUSE_BREAK = "."
SOFT_BREAK = ","  # a comma: lists of symptoms run across it, a negation stops at it
# Words that start a new clause inside a sentence: "in the film he fell, and now HE is fitting".
CLAUSE_JOINS = re.compile(r" (?:,|and now|but now|now|and then|then|but|so|because|cos|coz) ")


def clause_before(before: str) -> str:
    """The clause that ends where `before` (the words of a sentence up to a match) ends."""
    return CLAUSE_JOINS.split(f" {before}")[-1].replace(f" {SOFT_BREAK} ", " ").strip()


_LEADING_NOW = re.compile(r" (?:right )?now(?= )")


def clause_after(after: str) -> str:
    """The clause that starts where `after` (the words of a sentence after a match) starts;
    a "now" straight after the match belongs to it ("he's fitting now")."""
    text = f"{after} "
    lead = _LEADING_NOW.match(text)
    found = CLAUSE_JOINS.search(text, lead.end() if lead else 0)
    return (text[: found.start()] if found else text).strip()


NEGATION_REACH_TOKENS = 4  # how far a "no"/"not" reaches forward inside a clause
# "nobody is hurting me" denies its own verb phrase only: "nobody came ive fallen" does not
# deny the fall.
SHORT_REACH_CUES = frozenset({"nobody", "noone", "nothing"})
SHORT_REACH_TOKENS = 2
# A negation stops at these too: "no epipen, lips swelling", "no chest pain just a cough".
# "im" starts a new statement: "baby hasnt kicked today im 36 weeks" does not deny the weeks
NEGATION_STOPS = frozenset({SOFT_BREAK, "and", "just", "only", "now", "then", "so", "because", "im"})

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "`": "'"})
_LAUGHING = re.compile(
    "[\U0001f602\U0001f923\U0001f606\U0001f605\U0001f60f\U0001f61c]"
)  # 😂 🤣 😆 😅 😏 😜
# "the boiler's making a noise", "baby's temp": a noun's 's goes, so "boiler" is still
# "boiler"; "he's", "it's", "that's" stay contractions (read as "hes", "its", "thats").
_POSSESSIVE = re.compile(r"\b([a-z]+)'s\b")
_CONTRACTION_BASES = frozenset(
    {"he", "she", "it", "that", "there", "what", "who", "let", "where", "here", "how", "this"}
)


def _drop_possessive(m: re.Match) -> str:
    word = m.group(1)
    return f"{word}s" if word in _CONTRACTION_BASES else word


_DIGIT_LETTER = re.compile(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)")
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-z]+|,|[.;:!?\n]+")
_BREAK_WORDS = frozenset({"but", "though", "although", "however", "except", "apart"})

NEGATION_CUES = frozenset(
    {
        "no",
        "not",
        "never",
        "nobody",
        "noone",
        "nothing",
        "without",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "hasnt",
        "havent",
        "hadnt",
        "denies",
        "nor",
        "none",
        "free",
    }
)
# "no" before a pronoun starts a sentence ("no he isnt breathing"), it negates nothing.
_NO_BEFORE_PRONOUN = frozenset(
    {
        "he",
        "she",
        "i",
        "it",
        "they",
        "we",
        "you",
        "my",
        "his",
        "her",
        "im",
        "hes",
        "shes",
        "its",
        "theyre",
        "one",
        "longer",
        "way",
        "idea",
    }
)
# Doubt is not negation: "not sure if it's chest pain" must still trigger the red flag.
DOUBT_PHRASES = (
    ("not", "sure"),
    ("dont", "know"),
    ("dont", "think"),
    ("cant", "tell"),
    ("not", "certain"),
    ("no", "idea"),
    ("not", "convinced"),
    ("didnt", "know"),
    ("doesnt", "know"),
)


def clean(raw: object, max_chars: int = MAX_MESSAGE_CHARS) -> str:
    """Any input to safe, bounded text: bytes decoded leniently, control characters dropped."""
    if raw is None:
        return ""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    text = unicodedata.normalize("NFKC", str(raw)[: max_chars * 2])
    text = _CONTROL.sub(" ", text.translate(_QUOTES))
    return " ".join(text.split())[:max_chars]


def tokenize(text: str) -> list[str]:
    """Lower-case word and number tokens; punctuation and "but"-like words become clause breaks."""
    text = _LAUGHING.sub(" lol ", text.lower()).replace("a&e", " ae ").replace("&", " and ")
    text = _POSSESSIVE.sub(_drop_possessive, text).replace("'", "")
    text = _DIGIT_LETTER.sub(" ", text)
    tokens: list[str] = []
    for tok in _TOKEN.findall(text):
        if tok == SOFT_BREAK:
            if tokens and tokens[-1] not in (CLAUSE_BREAK, SOFT_BREAK):
                tokens.append(SOFT_BREAK)
        elif not tok[0].isalnum() or tok in _BREAK_WORDS:
            if tokens and tokens[-1] == SOFT_BREAK:
                tokens.pop()
            if tokens and tokens[-1] != CLAUSE_BREAK:
                tokens.append(CLAUSE_BREAK)
        else:
            tokens.append(tok)
    while tokens and tokens[-1] in (CLAUSE_BREAK, SOFT_BREAK):
        tokens.pop()
    return tokens


# Third person reads like first person for matching: "when he wees" is "when i wee".
_PERSON_CLASS = {
    **dict.fromkeys(("i", "he", "she", "they", "we", "you", "u", "it"), "~p"),
    **dict.fromkeys(("my", "his", "her", "their", "our", "your", "its", "ma", "me"), "~my"),
    **dict.fromkeys(("im", "hes", "shes", "theyre", "were", "youre", "its"), "~pis"),
    **dict.fromkeys(
        ("myself", "himself", "herself", "themselves", "themself", "yourself"), "~self"
    ),
    **dict.fromkeys(("ive", "theyve", "weve", "youve"), "~phas"),
}


def stem(word: str) -> str:
    """A deliberately crude stem so "wees", "weeing" and "wee" meet, and number words meet
    their digits; never used for display."""
    person = _PERSON_CLASS.get(word) or NUMBER_WORDS.get(word)
    if person:
        return person
    for suffix, keep in (("ing", 4), ("ies", 4), ("ed", 4), ("es", 5), ("s", 4)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep - 1:
            base = word[: -len(suffix)]
            if suffix == "ies":
                return base + "y"
            doubled = len(base) > 2 and base[-1] == base[-2] and base[-1] not in "lse"
            if doubled and suffix in ("ing", "ed"):
                base = base[:-1]  # "stopping" -> "stop"; "swelling" and "wees" keep theirs
            return base
    return word


@dataclass(frozen=True)
class Lexicon:
    """Text-speak and misspellings: phrase and token replacements, plus correction targets."""

    phrases: dict[tuple[str, ...], tuple[str, ...]]
    tokens: dict[str, tuple[str, ...]]
    max_phrase_len: int

    @classmethod
    def from_dict(cls, data: dict) -> Lexicon:
        phrases = {
            tuple(k.split()): tuple(str(v).split()) for k, v in (data.get("phrases") or {}).items()
        }
        tokens = {str(k): tuple(str(v).split()) for k, v in (data.get("tokens") or {}).items()}
        return cls(phrases, tokens, max((len(k) for k in phrases), default=1))

    def apply(self, tokens: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for size in range(min(self.max_phrase_len, len(tokens) - i), 1, -1):
                replacement = self.phrases.get(tuple(tokens[i : i + size]))
                if replacement:
                    out.extend(replacement)
                    i += size
                    break
            else:
                out.extend(self.tokens.get(tokens[i], (tokens[i],)))
                i += 1
        return out


@dataclass
class Message:
    """One message read once: tokens after lexicon and spelling, negation marks, facts found."""

    raw: str
    tokens: list[str]
    negated: list[bool] = field(default_factory=list)
    uncorrected: Message | None = None

    @cached_property
    def text(self) -> str:
        return " ".join(self.tokens)

    @cached_property
    def stems(self) -> list[str]:
        return [stem(t) for t in self.tokens]

    @property
    def readings(self) -> list[Message]:
        """The message as corrected and, when spelling correction changed it, as written: a
        rule that fires on either counts."""
        return [self] + ([self.uncorrected] if self.uncorrected else [])

    @property
    def is_empty(self) -> bool:
        return not any(t not in (CLAUSE_BREAK, SOFT_BREAK) for t in self.tokens)

    def token_index_at(self, char_offset: int) -> int:
        """Which token a character offset in `text` falls in."""
        return self.text.count(" ", 0, char_offset)

    def span_negated(self, start: int) -> bool:
        """True when a negation cue earlier in the clause covers the token at `start`.

        A cue inside the matched span ("not breathing") is part of the symptom, not a denial.
        """
        return 0 <= start < len(self.negated) and self.negated[start]


def read_message(
    raw: object, lexicon: Lexicon, correct=None, max_chars: int = MAX_MESSAGE_CHARS
) -> Message:
    """The one pipeline: clean, tokenise, lexicon, spelling correction, lexicon again, negation.

    When spelling correction changed anything, `uncorrected` keeps the message as read before
    it, so the safety rules can check both: a guessed correction must never hide a red flag.
    """
    text = clean(raw, max_chars)
    plain = lexicon.apply(join_number_words(tokenize(text)))
    tokens = lexicon.apply(join_number_words(correct(plain))) if correct is not None else plain
    message = Message(raw=text, tokens=tokens, negated=mark_negation(tokens))
    if tokens != plain:
        message.uncorrected = Message(raw=text, tokens=plain, negated=mark_negation(plain))
    return message


def mark_negation(tokens: list[str]) -> list[bool]:
    """For each token, whether a negation cue earlier in its clause reaches it."""
    doubt = _doubt_positions(tokens)
    marks = [False] * len(tokens)
    reach = 0
    for i, tok in enumerate(tokens):
        if tok == CLAUSE_BREAK or tok in NEGATION_STOPS:
            reach = 0
            continue
        if reach:
            marks[i] = True
            reach -= 1
        if tok in NEGATION_CUES and i not in doubt:
            following = tokens[i + 1] if i + 1 < len(tokens) else ""
            if not (tok == "no" and following in _NO_BEFORE_PRONOUN):
                reach = SHORT_REACH_TOKENS if tok in SHORT_REACH_CUES else NEGATION_REACH_TOKENS
    return marks


def _doubt_positions(tokens: list[str]) -> set[int]:
    found = set()
    for i in range(len(tokens) - 1):
        if (tokens[i], tokens[i + 1]) in DOUBT_PHRASES:
            found.add(i)
    return found


def all_matches(pattern: re.Pattern, text: str):
    """Every match, overlapping ones too: when "no epipen lips and eyes swelling" is read as
    negated at "lips", "eyes swelling" must still get its own chance."""
    pos = 0
    while pos <= len(text):
        m = pattern.search(text, pos)
        if m is None:
            return
        yield m
        next_space = text.find(" ", m.start() + 1)
        if next_space < 0:
            return
        pos = next_space + 1


def sentence_start(text: str, at: int) -> int:
    left = text.rfind(f" {CLAUSE_BREAK} ", 0, at)
    return left + 1 if left >= 0 else 0


def sentence_end(text: str, at: int) -> int:
    right = text.find(f" {CLAUSE_BREAK} ", min(at, len(text)))
    return right if right >= 0 else len(text)
