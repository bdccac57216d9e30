"""A same-day injury topic (urgent care) told as weeks ago or healed, with nothing said to
have happened today, is a GP's question; said to be today, it keeps its level; and a red flag
is never calmed by it (a life-threatening sign reads its own sentence)."""

import pytest

from navigator.core.models import Disposition
from navigator.core.triage.pipeline import triage


@pytest.mark.parametrize(
    "text",
    [
        "broke my ankle six weeks ago, the cast came off, how do i get physio",
        "had a fracture in my hand last year, it still clicks sometimes",
    ],
)
def test_an_injury_told_as_long_ago_is_a_gps_question(text, knowledge):
    answer = triage(text, knowledge)
    assert answer.disposition is Disposition.GP
    assert answer.rule.endswith(":long_ago")
    assert "urgent treatment centre today" not in answer.why.split(":")[0]
    assert "a while ago" in answer.why


@pytest.mark.parametrize(
    "text",
    [
        "think i fractured my wrist an hour ago, last broke it years ago",
        "fractured my toe this morning, had the same one years ago",
    ],
)
def test_an_injury_today_keeps_its_level_whatever_else_was_long_ago(text, knowledge):
    assert triage(text, knowledge).disposition.acuity >= Disposition.URGENT_CARE.acuity


def test_a_red_flag_is_not_calmed_by_a_long_ago_injury(knowledge):
    text = "broke my leg years ago and now my dad has collapsed and is not breathing"
    assert triage(text, knowledge).disposition is Disposition.EMERGENCY_999
