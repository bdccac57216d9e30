"""Would some age make this answer more urgent? Read from the `when` of the rules the message
touched (its topics' rules and the red flags that depend on age), instead of triaging the
message again at every age: the conversation asks a resident's age only when it matters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from navigator.core.triage import conditions
from navigator.core.triage.facts import read_facts
from navigator.core.triage.safety import any_fired

if TYPE_CHECKING:
    from navigator.core.triage.pipeline import Knowledge, TriageResult

AGE_PROBES_YEARS = (0.05, 0.5, 2, 4, 8, 13, 17, 30, 70)  # ages that could change a route
AGE_KEYS = frozenset({"age_below_years", "age_from_years", "age_below_days", "age_unknown", "child"})


def age_could_raise(result: TriageResult, knowledge: Knowledge) -> bool:
    if result.facts.age_known:
        return False
    floor = result.disposition.acuity
    # with no red flag, a past event or an idiom calms a topic's emergency rules (topicmatch)
    calmed = not any_fired(result.red_flags) and result.frames is not None and result.frames.benign
    topic_rules = [
        rule.when
        for match in result.topics
        for rule in match.topic.rules
        if AGE_KEYS & set(rule.when)
        and rule.disposition.acuity > floor
        and not (rule.disposition.is_emergency and (calmed or not match.strong))
    ]
    red_flags = [
        rule
        for rule in knowledge.safety.rules
        if AGE_KEYS & set(rule.when) and rule.disposition.acuity > floor
    ]
    if not topic_rules and not red_flags:
        return False
    message = result.message
    for age in AGE_PROBES_YEARS:
        ctx = conditions.Context(
            facts=read_facts(message, given_age_years=age),
            has_terms=lambda terms: knowledge.terms_present(message, terms),
            topic_ids=result.topic_ids,
        )
        if any(conditions.holds(when, ctx) for when in topic_rules):
            return True
        if red_flags and knowledge.safety.any_fires(red_flags, message, ctx):
            return True
    return False
