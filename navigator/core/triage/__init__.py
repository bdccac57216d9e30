"""Triage: a resident's words -> one disposition, with a trace of what decided it.

text (normalising), facts (ages, sex, who), safety (red-flag rules), matching (phrases),
conditions (topic rule conditions), topics (self-care content), language (which language),
model (the learned second opinion), pipeline (the stages in order).
"""
