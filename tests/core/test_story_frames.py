"""A red-flag rule is stopped by a story told in the clause in front of its match (a film,
a drama, the news), never by one told elsewhere in the message."""

from navigator.core.triage.pipeline import triage
from navigator.core.triage.text import clause_before


def _red_flag_ids(text, knowledge):
    return {h.rule_id for h in triage(text, knowledge).red_flags}


def test_a_story_in_front_of_the_match_stops_the_rule(knowledge):
    assert "unconscious" not in _red_flag_ids(
        "heard on the news someone collapsed at the marathon, how do runners avoid that", knowledge
    )


def test_a_new_clause_after_the_story_puts_the_rule_back(knowledge):
    fired = _red_flag_ids("we were watching a film and then my dad collapsed on the floor", knowledge)
    assert "unconscious" in fired


def test_the_clause_before_a_match_starts_after_the_last_joining_word():
    assert clause_before("in the film he fell , and now my dad") == "my dad"
    assert clause_before("in the film the man") == "in the film the man"


def test_study_or_writing_about_a_crisis_topic_is_not_a_crisis(knowledge):
    # no red flag fires: the crisis topic is only named, for an essay, a novel or a sermon
    for text in (
        "my sociology essay is on suicide rates in young men, any good sources",
        "our church sermon next week is about suicide, where can people get support",
    ):
        result = triage(text, knowledge)
        assert not result.red_flags
        assert not result.disposition.is_emergency, (text, result.rule)


def test_writing_about_it_never_calms_a_crisis_said_now(knowledge):
    result = triage("writing my dissertation and i want to kill myself tonight", knowledge)
    assert result.disposition.is_emergency
