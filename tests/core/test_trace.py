"""Triage runs a declared list of stages over one reading of the message, and its trace says
what each stage did: what fired, what was stopped and why, what the model said."""

from navigator.core.triage.pipeline import STAGES, triage


def test_every_stage_adds_one_line_in_order(knowledge):
    result = triage("sore throat for three days", knowledge)
    assert [line.split(":")[0] for line in result.trace] == [name for name, _ in STAGES]


def test_the_trace_names_the_rule_that_fired(knowledge):
    result = triage("my dad has crushing chest pain and is sweating", knowledge)
    assert result.disposition.is_emergency
    assert "cardiac_chest_pain" in result.trace[0]


def test_the_trace_says_what_stopped_a_rule(knowledge):
    result = triage("no chest pain at all, just a cough", knowledge)
    assert not result.disposition.is_emergency
    assert "stopped" in result.trace[0] and "negated" in result.trace[0]


def test_the_model_says_its_scores_in_the_trace(knowledge_with_model):
    result = triage("need a food bank near me, skint till payday", knowledge_with_model)
    line = next(line for line in result.trace if line.startswith("second opinion"))
    assert "emergency" in line and "clinical_today" in line
