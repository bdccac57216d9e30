"""The last stage when no red flag and no topic placed a message: its words still say
whether it is about the body (a clinician), about finding support (community), or nothing to
go on (unclear). A message about the body is never answered with community support alone."""

from __future__ import annotations

import re
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
    if words & knowledge.dental_words:
        result.disposition, result.rule = Disposition.DENTAL, "fallback:dental_words"
        result.why = wording.text("why.fallback.dental")
    elif words & knowledge.medicine_words and not words & knowledge.severity_words:
        result.disposition, result.rule = Disposition.PHARMACY, "fallback:medicine_words"
        result.why = wording.text("why.fallback.pharmacy")
    elif words & knowledge.self_care_words and not words & knowledge.severity_words:
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
        and (reason := _looked_after_at_home(message))
    ):
        result.disposition, result.rule = Disposition.SELF_CARE, f"fallback:{reason}"
        result.why = wording.text(f"why.fallback.{reason}")
    elif words & (knowledge.health_words | knowledge.symptom_words):
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


RESOLVED = re.compile(
    r"\b(fine now|ok now|okay now|gone now|better now|all good now|back to normal|healing fine|"
    r"healing well|walking fine|fine after|feel fine now|feels fine now|settled now)\b"
)
ASKS_IF_NORMAL = re.compile(
    r"\b(is (it|this|that) (normal|ok|okay|common)|how long (does|do|will|should|until)|any tips"
    r"|what can i (take|do|use)|how (do|can) i (stop|ease|help|get rid))\b"
)
# "normal?" on its own: the reader turns "?" into a clause break, so it is read as written
ASKED_NORMAL = re.compile(r"\b(normal|common)\s*\?")
# not "casualty" (A&E), "episode" (a medical word), "drama" or "soap" (a class, a tablet)
MEDIA = re.compile(
    r"\b(eastenders|corrie|coronation street|emmerdale|hollyoaks|holby|storyline|advert|netflix|"
    r"on the (telly|tv|news|radio)|on telly|on tv|documentary)\b"
)
ASKS_ABOUT_IT = re.compile(
    r"\b(realistic|real life|really happen|could (that|this|it) happen|can (that|this|it) happen|"
    r"is (that|this|it) (true|real|right|accurate)|would (that|this|it)|how (do|does|did|would)|"
    r"what (is|was|does|do|are)|whats|why (do|does|did|would))\b"
)
OWN_BODY = re.compile(
    r"\b(my|me|his|her|their|our|your|\w{2,}s) (\w+ )?(head|neck|chest|arm|arms|leg|legs|hand|"
    r"hands|foot|feet|back|tummy|belly|stomach|skin|eye|eyes|ear|ears|mouth|throat|face|heart|"
    r"lump|lumps|breast|breasts|balls|knee|knees|hip|wrist|ankle|poo|wee|pee|period|breathing|"
    r"temperature|temp|rash|pain|cough|jaw|toe|toes|finger|fingers|lip|lips|tongue|nose|willy|"
    r"penis|privates|knackers|testicle|testicles|scrotum|groin|rib|ribs|shoulder|bum|vagina|"
    r"nipple|nipples|bump|baby)\b"
)
# legs that ache after a run or feet sore after a shift: muscles, looked after at home; never
# the chest, the head, breathing or a swollen joint
AFTER_EXERTION = re.compile(
    r"\b(ache|aches|aching|achy|sore|stiff|killing|killin|dead|knackered|wrecked|throbbing|"
    r"throbbin)\b( \S+){0,6} (after|from) (the |my |a |me |that |our |first |this )?(\w+ ){0,2}"
    r"(gym|run|running|spin|class|hike|hiking|walk|walking|football|match|marathon|10k|5k|shift|"
    r"shifts|training|workout|leg day|session|markets|gig|dancing|standing|climb|climbing)\b"
    r"|\bon (my|me|his|her) feet (all day|\d+ hours)"
)
NOT_MUSCLE_ACHE = re.compile(
    r"\b(chest|heart|breath|breathing|breathless|head|dizzy|faint|swollen|swelling|cant (walk|"
    r"stand|put weight)|calf|calves hot|red|wee|pee|urine|dark)\b"
)
# "nobody hurt", unless someone is named as hurt after all ("nobody hurt but my son...")
NOBODY_HURT = re.compile(
    r"\b(no one|noone|nobody|no body|none of us|no one was|nobody was|nobody got|no one got|"
    r"nobody s|no ones|no one s) (hurt|injured|harmed)\b(?!( \S+){0,6} (except|apart|but|other than|bar|"
    r"besides|only|although|though)\b)"
)
HURT_WORDS = frozenset({"hurt", "injured", "harmed"})
JOKE_MARKERS = frozenset({"lol", "lmao", "lmfao", "haha", "hahaha", "rofl", "jk", "😂", "💀", "🤣"})


def _looked_after_at_home(message: Message) -> str:
    """Why a mild body worry with no topic can be looked after at home, or "": asked whether
    it is normal ("legs sore after leg day, is that normal?"), already over ("pins and
    needles, gone now"), or about a programme ("in EastEnders someone had a stroke, is that
    realistic"). The red-flag rules have already read the message; the answer says when to
    get help."""
    text = message.text
    if ASKS_IF_NORMAL.search(text) or ASKED_NORMAL.search(message.raw.lower()):
        return "asks_if_normal"
    if RESOLVED.search(text):
        return "resolved"
    # a question about a programme with no one's own body named; a joke is not enough
    # ("pooing black stuff lol"), nor a past event ("had a stroke, need physio")
    if MEDIA.search(text) and ASKS_ABOUT_IT.search(text) and not OWN_BODY.search(text):
        return "not_a_complaint"
    if AFTER_EXERTION.search(text) and not NOT_MUSCLE_ACHE.search(text):
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
