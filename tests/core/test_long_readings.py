"""A long English message is read whole against the ordinary bar and a stretch at a time
against the long bar; training spends the long budget after the whole readings."""

from types import SimpleNamespace

import numpy as np

from navigator.core.triage.model import NO_GATE, Opinion, Thresholds
from navigator.core.triage.stages import _passes
from navigator.learning.train import threshold_for

LONG = "I was at work all day and then went to the shops and the bus was late again. " * 3
SHORT = "chest hurts"
MODEL = SimpleNamespace(
    thresholds=Thresholds(0.6, 0.3, 0.5),
    long_thresholds=Thresholds(0.9, 0.9, 0.9),
    other_language_thresholds=Thresholds(0.5, 0.2, 0.5),
    vote_gate=lambda reading, head: NO_GATE,  # the head alone: test_neighbour_vote.py has gates
)


def opinion(whole: float, stretch: float) -> Opinion:
    heads = {"emergency": stretch, "safeguarding": 0.0, "clinical_today": 0.0}
    return Opinion({}, heads, "", {**heads, "emergency": whole})


def test_a_long_message_read_whole_meets_the_ordinary_bar():
    assert _passes(MODEL, opinion(0.7, 0.8), "emergency", LONG, True, {}) == (0.7, 0.6, None)


def test_a_long_message_stretch_meets_only_the_long_bar():
    assert _passes(MODEL, opinion(0.5, 0.8), "emergency", LONG, True, {}) is None
    assert _passes(MODEL, opinion(0.5, 0.95), "emergency", LONG, True, {}) == (0.95, 0.9, None)


def test_a_short_message_and_another_language_use_their_own_bar():
    assert _passes(MODEL, opinion(0.65, 0.65), "emergency", SHORT, True, {}) == (0.65, 0.6, None)
    assert _passes(MODEL, opinion(0.55, 0.55), "emergency", LONG, False, {}) == (0.55, 0.5, None)


def test_messages_already_raised_spend_the_budget_first():
    scores = np.linspace(0.0, 0.99, 100)
    negatives = np.ones(100, dtype=bool)
    positive = np.zeros(100, dtype=bool)
    rules = np.zeros(100)
    budget = {"emergency": 0.10}
    alone, _ = threshold_for(scores, positive, negatives, rules, "emergency", budget)
    already = np.zeros(100, dtype=bool)
    already[:5] = True  # five low-scoring negatives raised by their whole reading
    shared, figures = threshold_for(
        scores, positive, negatives, rules, "emergency", budget, already=already
    )
    assert shared > alone
    assert figures["false_alarms_on_messages_rules_left_low"] <= 0.10
