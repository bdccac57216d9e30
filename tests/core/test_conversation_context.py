"""Issue 10 as engine transcripts: context carried across turns, answers read as answers."""

from __future__ import annotations

import pytest

from benchmarks.segments_bench import first_segment
from navigator.core.conversation import conversation as conv
from navigator.core.conversation import replies
from tests.conversations import CONVERSATIONS
from tests.harness import Transcript


@pytest.fixture(scope="module")
def navigator(tmp_path_factory):
    from navigator.db import connect
    from navigator.runtime import build_navigator, prepare_database

    conn = connect(tmp_path_factory.mktemp("ctx") / "nav.sqlite3")
    prepare_database(conn)
    return build_navigator(conn, "https://nav.example")


@pytest.mark.parametrize("name", sorted(CONVERSATIONS))
def test_issue_conversation(navigator, now, name):
    t = Transcript(navigator, now)
    for turn in CONVERSATIONS[name]:
        t.say(turn.text).expect(*turn.must, absent=turn.absent, emergency=turn.emergency)
        for reply in t.last.replies:
            assert replies.segments(reply.text) <= replies.MAX_SMS_SEGMENTS, reply.text
            if reply.emergency:
                assert "999" in first_segment(reply.text), reply.text


def test_the_emergency_context_never_offers_a_follow_up_or_asks(navigator, now):
    t = Transcript(navigator, now).say("he has collapsed and is not breathing")
    for text in ("yes", "what now", "M14 5", "he is 58", "no"):
        t.say(text).expect("999", emergency=True, absent=("postcode", "Can we text", "How old"))
    assert not t.nudges and t.session.state == conv.EMERGENCY


def test_a_new_red_flag_after_an_emergency_is_answered_as_one(navigator, now):
    t = Transcript(navigator, now).say("my dad has crushing chest pain")
    t.say("now his face is drooping on one side").expect("^Call 999 now", emergency=True)


def test_reset_leaves_the_emergency_context(navigator, now):
    t = Transcript(navigator, now).say("my dad has crushing chest pain").say("reset")
    t.say("I feel lonely").expect("postcode", emergency=False)


@pytest.mark.parametrize("word", ["yes", "Yes please", "y", "OK", "go on", "sure", "yeah"])
def test_consent_in_ordinary_words(navigator, now, word):
    t = Transcript(navigator, now).say("I feel lonely").say("M14 5").expect("Can we text")
    t.say(word).expect("We will text you")
    assert len(t.nudges) == 1


@pytest.mark.parametrize("word", ["no", "No thanks", "nah"])
def test_declining_in_ordinary_words(navigator, now, word):
    t = Transcript(navigator, now).say("I feel lonely").say("M14 5")
    t.say(word).expect("will not text")
    assert not t.nudges


@pytest.mark.parametrize("word", ["STOP", "stop", "Unsubscribe", "stop texting me"])
def test_stop_variants_are_unchanged_at_the_offer(navigator, now, word):
    t = Transcript(navigator, now).say("I feel lonely").say("M14 5")
    t.say(word).expect("no more texts")
    assert t.session.opted_out and t.cancelled == 1


def test_a_known_child_gets_the_childrens_emergency_department_first(navigator, now):
    t = Transcript(navigator, now).say("M14 5RG")
    t.say("my 6 year old is fitting and wont stop").expect(
        "^Call 999", r"1\. Royal Manchester Children", emergency=True
    )


def test_an_adult_never_gets_the_childrens_emergency_department(navigator, now):
    t = Transcript(navigator, now).say("M14 5RG").say("I am 58, crushing chest pain")
    t.expect("^Call 999", emergency=True, absent=("Children's Hospital",))


def test_childline_only_for_the_young(navigator, now):
    t = Transcript(navigator, now).say("i want to end it all")
    t.expect("116 123", absent=("Childline",))


def test_polish_od_is_not_an_overdose(navigator, now):
    t = Transcript(navigator, now).say("Boli mnie gardlo od trzech dni, mieszkam w Longsight")
    t.expect(absent=("too many tablets",), emergency=False)
