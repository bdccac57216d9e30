"""The stages after the rules: the learned second opinion (raise only, with its reasons) and
the reading of a message in another language (its own vocabulary, then a safe default).

Each stage takes the rules' result and may only make it more urgent; each says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from navigator.core.conversation import wording
from navigator.core.models import EMERGENCY_ACUITY, Disposition
from navigator.core.triage.language import UNSEEN_LANGUAGE, Language
from navigator.core.triage.model import EMERGENCY, Opinion, TriageModel, is_long
from navigator.core.triage.vocabulary import ConceptHit, find_concepts

if TYPE_CHECKING:
    from navigator.core.triage.pipeline import Knowledge, TriageResult

# With no rule or vocabulary to go on, another language's message takes the model's best
# answer only when it is this sure; otherwise 111, which has free interpreters. Measured on
# the other-language sets of rounds 38-43, each read by the model that had not seen it (329
# lines reached this default): at 0.4 it answered 46 more than at 0.5, 39 of them right where
# 111 was not, 1 wrong where 111 was right, none below the label; at 0.35 two were below.
OTHER_LANGUAGE_CONFIDENCE = 0.4
# Answers that give a health message no clinician: a raise the vote held back takes them to
# 111 (self-care since round 30: one of its two emergencies held back was left there).
NO_CLINICIAN = (Disposition.COMMUNITY, Disposition.UNCLEAR, Disposition.SELF_CARE)
# A body or a mind in danger. Safeguarding and same-day readings held back by the vote were
# mostly real support needs (a carer, benefits: round 29). The crisis head joined after round
# 30's first contact, where the vote held back 2 mental-health emergencies and left them at
# low mood (community) and self-care; replayed on the dev messages and rounds 28-30 (28-29 now
# train the model): dangerous 4 -> 2, 8 more of 900 look-alikes and 1 of 750 everyday needs
# sent to 111, 1 more of the 127 dev messages too high.
FAIL_SAFE_HEADS = ("emergency", "crisis")
# A mental-health emergency goes to the crisis line, or 999 when the model reads danger now.
CRISIS = (Disposition.MENTAL_HEALTH_CRISIS, Disposition.EMERGENCY_999)


def second_opinion(
    result: TriageResult, model: TriageModel, text: str, english: bool = True
) -> None:
    """The learned model may only raise the answer, and says why: its score against its
    threshold and the labelled messages nearest to this one."""
    opinion = model.opinion(text)
    result.opinion = opinion
    raised, nearest = None, None
    votes: dict = {}  # the neighbours' vote, searched once if asked; a raise it held back
    if result.disposition.acuity < EMERGENCY_ACUITY and (
        hit := _passes(model, opinion, "emergency", text, english, votes)
    ):
        raised = opinion.most_likely(EMERGENCY), "emergency", hit
    elif result.disposition.acuity < EMERGENCY_ACUITY and (
        hit := _passes(model, opinion, "crisis", text, english, votes)
    ):
        raised = opinion.most_likely(CRISIS), "crisis", hit
    elif (
        result.disposition.acuity < Disposition.SAFEGUARDING.acuity
        and (hit := _passes(model, opinion, "safeguarding", text, english, votes))
        # the same search as the vote's (neighbours.py), remembered per text
        and _like_a_disclosure(nearest := model.nearest_examples(opinion.segment))
    ):
        raised = Disposition.SAFEGUARDING, "safeguarding", hit
    elif result.disposition.acuity < Disposition.NHS_111.acuity and (
        hit := _passes(model, opinion, "clinical_today", text, english, votes)
    ):
        raised = Disposition.NHS_111, "clinical_today", hit
    elif english and (need := _clinical_need(model, opinion, result.disposition)):
        raised = need[0], "clinical_need", (*need[1], None)
    elif result.disposition in NO_CLINICIAN and (held := votes.get("held")):
        # a head passed its own bar and only its neighbours held it back: a health message
        # is never left without a clinician (rounds 29-30, HAZ-028); 111 has a mental-health
        # option for the crisis head's
        raised = Disposition.NHS_111, "unsure", held[1:]
    if raised is None:
        return
    disposition, group, (score, threshold, share) = raised
    # a clinical-need raise reads the whole message; a head, the stretch that scored highest
    if group != "safeguarding" or nearest is None:  # a safeguarding raise has read them
        nearest = model.nearest_examples(text if group == "clinical_need" else opinion.segment)
    quoted = "; ".join(f'"{e["text"][:80]}" ({e["disposition"]})' for e in nearest)
    result.disposition, result.rule = disposition, f"model:{group}"
    # the resident's words (a clinical-need raise says where to go); scores go to the trace
    head = votes["held"][0] if group == "unsure" else group
    key = f"{group}_{disposition.value}" if group == "clinical_need" else group
    if group == "unsure" and head == "crisis":
        key = "unsure_crisis"  # 111's mental-health option, and 999 if they might act now
    result.why = wording.text(f"second_opinion.{key}")
    result.explanation = wording.text(
        "explain.second_opinion",
        score=f"{score:.2f}",
        group=head.replace("_", " "),
        threshold=f"{threshold:.2f}",
    )
    if share is not None:
        said = "neighbours_disagree" if group == "unsure" else "neighbours_agree"
        agree = wording.text(f"explain.{said}", share=f"{share:.0%}", k=model.vote_k)
        result.explanation += f"; {agree}"
    if quoted:
        result.explanation += f"; {wording.text('explain.most_like', examples=quoted)}"


def _like_a_disclosure(nearest: list[dict]) -> bool:
    """A safeguarding raise must be able to show a labelled disclosure among the messages it
    quotes: on fresh sets most raises without one were everyday messages (a carer's benefits,
    a child's cold), while 99% of corpus disclosures have one among their three nearest."""
    return any(
        Disposition(e["disposition"]).acuity >= Disposition.SAFEGUARDING.acuity for e in nearest
    )


def _passes(
    model: TriageModel, opinion: Opinion, group: str, text: str, english: bool, votes: dict
) -> tuple[float, float, float | None] | None:
    """(score, threshold, neighbours' vote) when the model's opinion of this head passes its
    bar and its neighbours agree, else None. A long English message is read twice: whole,
    against the bar every message meets, and a stretch at a time, against the long bar (a
    stretch has more chances to score high). `votes` caches the vote across the heads."""
    if not english:
        reading = "other"
        readings = [(opinion.heads[group], getattr(model.other_language_thresholds, group))]
    elif is_long(text):
        reading = "long"
        readings = [
            (opinion.whole[group], getattr(model.thresholds, group)),
            (opinion.heads[group], getattr(model.long_thresholds, group)),
        ]
    else:
        reading = "short"
        readings = [(opinion.heads[group], getattr(model.thresholds, group))]
    gate = model.vote_gate(reading, group)
    hit = next(((s, b * gate.factor) for s, b in readings if s >= b * gate.factor), None)
    if hit is None or gate.vote <= 0:
        return None if hit is None else (*hit, None)
    if "shares" not in votes:  # one search a message, whichever heads ask
        votes["shares"] = model.vote(text)
    share = votes["shares"].get(group)
    if share is not None and share < gate.vote:
        # the labelled messages most like this one mostly did not need it; remembered when
        # the head alone would have raised (its own bar), for the 111 fail-safe above
        own = next(((sc, b) for sc, b in readings if sc >= b), None)
        if own is not None and group in FAIL_SAFE_HEADS and "held" not in votes:
            votes["held"] = (group, *own, share)
        return None
    return (*hit, share)


def _clinical_need(
    model: TriageModel, opinion: Opinion, answer: Disposition
) -> tuple[Disposition, tuple[float, float]] | None:
    """(answer, (score, threshold)) when the disposition model is sure enough that a message
    the rules answered with support, nothing or home care needs a clinical answer above it:
    "what does FAST stand for" is a health question, not a group for the lonely."""
    bar = model.clinical_need_thresholds.get(answer)
    need = opinion.clinical_need(answer)
    if bar is None or need is None or need[1] < bar:
        return None
    return need[0], (need[1], bar)


def other_language(
    result: TriageResult, knowledge: Knowledge, text: str, language: Language
) -> None:
    """A message in another language: its English words were read by the rules already;
    the language's own vocabulary may raise the answer."""
    result.language = language.code
    hits = find_concepts(knowledge.vocabularies, text, language.code)
    own = knowledge.vocabularies.get(language.code)
    if counted := knowledge.counted_medicine.find(text, own):
        hits.append(ConceptHit(language.code, "counted_medicine", Disposition.A_AND_E, counted))
        hits.sort(key=lambda h: -h.disposition.acuity)
    if hits and hits[0].disposition.acuity > result.disposition.acuity:
        top = hits[0]
        result.disposition = top.disposition
        result.rule = f"vocabulary:{top.language}:{top.concept}"
        result.why = wording.text(
            "why.other_language.vocabulary",
            phrase=top.phrase,
            concept=top.concept.replace("_", " "),
            lang=top.language,
        )


# Answers the English fallback made from a word or two it knew in a message in another
# language ("GP", "paracetamol", "pain"): those words are not an understanding of the message,
# so the language default is taken when it is higher (a GP named beside a collapse in Urdu).
ONE_WORD_FALLBACKS = frozenset(
    {
        "fallback:health_words",
        "fallback:medicine_words",
        "fallback:self_care_words",
        "fallback:health_question",
        "fallback:clinician_words_with_weak_topic",
    }
)


def other_language_default(result: TriageResult, language: Language) -> None:
    """Nothing understood in another language: the model's best answer when it is sure,
    otherwise 111, where an interpreter is free. Never 'unclear' for a real message, and
    never lower than that for an answer made from a few English words alone."""
    if result.disposition is Disposition.UNCLEAR:
        _language_default(result, language)
    elif result.rule in ONE_WORD_FALLBACKS:
        before = result.disposition, result.rule, result.why
        _language_default(result, language)
        if result.disposition.acuity <= before[0].acuity:  # the default may only raise it
            result.disposition, result.rule, result.why = before


def _language_default(result: TriageResult, language: Language) -> None:
    opinion = result.opinion
    if opinion is not None:
        best = max(opinion.probabilities, key=opinion.probabilities.__getitem__)
        # a language the model never saw in training (French, Russian...): only its guess of
        # an emergency is taken; anything less is the 111 default with its free interpreter
        # (urgent care has none, and a rash that does not fade needs more than it). A Latin
        # message no language was recognised in may be one of ours typed loosely: the model
        # has seen those.
        unseen = language.how in UNSEEN_LANGUAGE and not best.is_emergency
        if (
            opinion.probabilities[best] >= OTHER_LANGUAGE_CONFIDENCE
            and best is not Disposition.UNCLEAR
            and not unseen
        ):
            result.disposition, result.rule = best, "model:other_language"
            result.why = wording.text(
                "why.other_language.model", lang=language.code, disposition=best.value
            )
            return
    result.disposition, result.rule = Disposition.NHS_111, "fallback:other_language"
    result.why = wording.text("why.other_language.default")
