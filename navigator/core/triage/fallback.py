"""The last stage when no red flag and no topic placed a message: its words still say
whether it is about the body (a clinician), about finding support (community), or nothing to
go on (unclear). A message about the body is never answered with community support alone."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from navigator.core.conversation import wording
from navigator.core.models import Disposition

if TYPE_CHECKING:
    from navigator.core.triage.pipeline import Knowledge, TriageResult
    from navigator.core.triage.reading import Frames
    from navigator.core.triage.text import Message


def fall_back(
    result: TriageResult, message: Message, knowledge: Knowledge, frames: Frames
) -> None:
    """No red flag and no topic: the words still say whether it is about the body (a
    clinician), about finding support (community), or nothing to go on (unclear)."""
    # Negation is not read here: "dont get this mole checked" is still about a mole, and the
    # cost of reading too much into a fallback is small.
    words = set(message.tokens)
    if frames.idiom:
        # "my boss is giving me a heart attack": the body words are a figure of speech
        words -= knowledge.health_words | knowledge.symptom_words
    if NOBODY_HURT.search(re.sub(r"[^\w\s]", " ", message.raw.lower())):  # as written: "apart"
        words -= HURT_WORDS  # "the flat flooded, nobody hurt": the need is the flat
    clinician = bool(knowledge.home_care.needs_a_clinician.search(message.text))
    body = words & (knowledge.health_words | knowledge.symptom_words)
    if clinician:  # a young baby, a pregnancy, an operation: its mild words are body words
        body |= words & knowledge.self_care_words
    if words & knowledge.dental_words:
        result.disposition, result.rule = Disposition.DENTAL, "fallback:dental_words"
        result.why = wording.text("why.fallback.dental")
    elif words & knowledge.medicine_words and not words & knowledge.severity_words:
        result.disposition, result.rule = Disposition.PHARMACY, "fallback:medicine_words"
        result.why = wording.text("why.fallback.pharmacy")
    elif words & knowledge.self_care_words and not words & knowledge.severity_words and not clinician:
        result.disposition, result.rule = Disposition.SELF_CARE, "fallback:self_care_words"
        result.why = wording.text("why.fallback.self_care")
    elif words & (knowledge.health_words | knowledge.symptom_words) and (
        frames.hypothetical or frames.talk_about
    ):
        # a question about signs or a course, not a complaint: information and self-care
        result.disposition, result.rule = Disposition.SELF_CARE, "fallback:health_question"
        result.why = wording.text("why.fallback.health_question")
    elif (
        words & (knowledge.health_words | knowledge.symptom_words)
        and not words & knowledge.severity_words
        and not clinician
        and (reason := knowledge.home_care.looked_after_at_home(message))
    ):
        result.disposition, result.rule = Disposition.SELF_CARE, f"fallback:{reason}"
        result.why = wording.text(f"why.fallback.{reason}")
    elif body:
        severe = bool(words & knowledge.severity_words)
        result.disposition = Disposition.NHS_111 if severe else Disposition.GP
        result.rule = "fallback:health_words"
        result.why = wording.text("why.fallback.health_words")
    elif words & knowledge.community_words or (
        _says_something(message, knowledge)
        and not _just_chatting(message, frames)
        and knowledge.asks_for_help.search(message.text)
    ):
        result.disposition = Disposition.COMMUNITY
        result.rule = "fallback:community_words"
        result.why = wording.text("why.fallback.community")


# "nobody hurt", unless someone is named as hurt after all ("nobody hurt but my son...")
NOBODY_HURT = re.compile(
    r"\b(no one|noone|nobody|no body|none of us|no one was|nobody was|nobody got|no one got|"
    r"nobody s|no ones|no one s) (hurt|injured|harmed)\b(?!( \S+){0,6} (except|apart|but|other than|bar|"
    r"besides|only|although|though)\b)"
)
HURT_WORDS = frozenset({"hurt", "injured", "harmed"})
JOKE_MARKERS = frozenset({"lol", "lmao", "lmfao", "haha", "hahaha", "rofl", "jk", "😂", "💀", "🤣"})


@dataclass(frozen=True)
class HomeCare:
    """content/rules/fallback.yaml `home_care`: what says a mild body worry with no topic can
    be looked after at home."""

    asks_if_normal: re.Pattern
    asked_normal: re.Pattern  # read on the text as written: "normal?"
    resolved: re.Pattern
    media: re.Pattern
    asks_about_it: re.Pattern
    own_body: re.Pattern
    after_exertion: re.Pattern
    not_muscle_ache: re.Pattern
    needs_a_clinician: re.Pattern  # never "normal, look after it at home" (see the yaml)

    @classmethod
    def from_dict(cls, data: dict) -> HomeCare:
        def alternatives(key: str, end: str = r"\b") -> re.Pattern:
            return re.compile(rf"\b(?:{'|'.join(data[key])}){end}")

        return cls(
            **{f.name: alternatives(f.name) for f in fields(cls) if f.name != "asked_normal"},
            asked_normal=alternatives("asked_normal", end=""),
        )

    def looked_after_at_home(self, message: Message) -> str:
        """Why a mild body worry with no topic can be looked after at home, or "": asked
        whether it is normal ("legs sore after leg day, is that normal?"), already over
        ("pins and needles, gone now"), about a programme ("in EastEnders someone had a
        stroke, is that realistic"), or an ache after exercise. The red-flag rules have
        already read the message; the answer says when to get help."""
        text = message.text
        if self.asks_if_normal.search(text) or self.asked_normal.search(message.raw.lower()):
            return "asks_if_normal"
        if self.resolved.search(text):
            return "resolved"
        # a question about a programme with no one's own body named; a joke is not enough
        # ("pooing black stuff lol"), nor a past event ("had a stroke, need physio")
        if (
            self.media.search(text)
            and self.asks_about_it.search(text)
            and not self.own_body.search(text)
        ):
            return "not_a_complaint"
        if self.after_exertion.search(text) and not self.not_muscle_ache.search(text):
            return "after_exertion"
        return ""


def _just_chatting(message: Message, frames: Frames) -> bool:
    """A joke, a figure of speech or a pet with no need named ("nearly had a heart attack on
    the Big One lol"): asked to say more ("unclear"), not sent to a group."""
    return bool(
        JOKE_MARKERS & set(message.tokens)
        or any(marker in message.raw for marker in ("😂", "💀", "🤣"))
        or frames.idiom
        or frames.pet_only
    )


def _says_something(message: Message, knowledge: Knowledge) -> bool:
    """Enough real words that are not filler: a need we could not name, not gibberish."""
    content = [
        t
        for t in message.tokens
        if t.isalpha() and t not in knowledge.stop_words and t in knowledge.corrector.known
    ]
    return len(content) >= knowledge.min_content_words
