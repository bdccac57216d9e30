"""While help comes: what to say to the next message after an emergency answer.

The emergency stays the context: first aid a 999 call handler would give (content/replies,
`while_you_wait`), the 999 line again, never a community list, a place question or a
follow-up offer. Which first aid is chosen from the red flag that decided the answer.
"""

from __future__ import annotations

from navigator.core.conversation import replies, wording
from navigator.core.models import Disposition

# Red flag rule ids (content/rules/red_flags.yaml, life_threats.yaml) to first-aid wording,
# by the words in the id; the first that matches wins, "general" otherwise.
KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("heart", ("chest", "heart_attack", "angina")),
    ("stroke", ("stroke", "face_droop")),
    ("allergy", ("anaphyl", "allergic", "throat_closing")),
    ("seizure", ("seizure", "fitting")),
    ("bleeding", ("bleed",)),
    ("overdose", ("overdose", "pills", "swallowed")),
    ("unconscious", ("unconscious", "unresponsive")),
    ("breathing", ("breath", "choking", "floppy_blue", "apnoea")),
    ("danger", ("attack_now", "life_in_danger")),
    ("mental_health", ("suicid", "self_harm", "psychosis")),
)


def kind_of(rule_ids: list[str], disposition: Disposition) -> str:
    if disposition is Disposition.A_AND_E:
        return "a_and_e"
    if disposition is Disposition.MENTAL_HEALTH_CRISIS:
        return "mental_health"
    for rule_id in rule_ids:
        for kind, fragments in KINDS:
            if any(f in rule_id for f in fragments):
                return kind
    return "general"


def reply(kind: str | None) -> str:
    """The while-you-wait answer: 999 first, the first aid, then "call 999 again"."""
    kind = kind or "general"
    if kind == "a_and_e":
        return replies.fit_parts([replies.Part(wording.text("while_you_wait.a_and_e"))])
    first = (
        replies.ACTION[Disposition.MENTAL_HEALTH_CRISIS]
        if kind == "mental_health"
        else wording.text("while_you_wait.lead")
    )
    parts = [replies.Part(first), replies.Part(wording.text(f"while_you_wait.{kind}"))]
    if kind != "mental_health":  # the crisis lines already say when to call 999
        parts.append(replies.Part(wording.text("while_you_wait.again"), replies.USEFUL))
    return replies.fit_parts(parts)
