"""Safeguarding disclosures (issue 9): a child or an adult at risk being harmed gets the
safeguarding route in words a 12-year-old can follow, with no follow-up offer and nothing that
repeats what they wrote; danger now is 999; an adult safe now from a partner gets domestic
abuse support."""

import pytest

from navigator.core.models import Disposition
from navigator.core.triage.pipeline import triage
from tests.harness import Transcript

DISCLOSURES = [
    "my stepdad hits me and i am 12",
    "im 14 and my mums fella keeps hitting me when she goes out",
    "my 4 month old has bruises on her arms and nobody knows how they got there",
    "the carer takes money from my grandad's wallet and shouts at him",
    "older lads give my brother cash to carry bags of stuff to other towns on the train",
]


@pytest.fixture(scope="module")
def navigator(tmp_path_factory):
    from navigator.db import connect
    from navigator.runtime import build_navigator, prepare_database

    conn = connect(tmp_path_factory.mktemp("safeguarding") / "nav.sqlite3")
    prepare_database(conn)
    return build_navigator(conn, "https://nav.example")


@pytest.mark.parametrize("text", DISCLOSURES)
def test_a_disclosure_gets_the_safeguarding_route(text, knowledge):
    assert triage(text, knowledge).disposition is Disposition.SAFEGUARDING


@pytest.mark.parametrize("text", DISCLOSURES[:2])
def test_a_child_is_answered_plainly_with_no_offer_and_nothing_repeated(text, navigator, now):
    t = Transcript(navigator, now).say(text)
    t.expect("not your fault", "0800 1111", absent=("Reply YES", "text you", "stepdad", "fella"))


def test_danger_now_is_999(knowledge):
    result = triage("my stepdad is hitting me right now and he has a knife", knowledge)
    assert result.disposition is Disposition.EMERGENCY_999


def test_an_adult_safe_now_gets_domestic_abuse_support(knowledge):
    result = triage("my husband pushed me last month, i'm at my mums now and safe", knowledge)
    assert result.disposition is Disposition.COMMUNITY
    assert result.topic is not None and result.topic.id == "domestic-abuse"


SENSITIVE_DISCLOSURES = [
    "my husband pushed me last month, i'm at my mums now and safe",
    "i was sexually assaulted at a party two weeks ago and cant stop thinking about it",
    # answered by another topic, the disclosure beside it still counts
    "my partner hit me last night and my wrist is swollen",
    "i was raped last week and need the morning after pill",
]


def _answered(t: Transcript) -> Transcript:
    """Give a postcode when asked, as a resident would, to reach the answer."""
    if "postcode" in t.reply.lower():
        t.say("M13 9PL")
    return t


@pytest.mark.parametrize("text", SENSITIVE_DISCLOSURES)
def test_a_disclosure_of_harm_by_sms_gets_no_follow_up_offer(text, navigator, now, knowledge):
    """SPEC section 4: no nudge for a disclosure; the phone may be read by the abuser. These
    topics answer below safeguarding, so their `sensitive` flag is what stops the offer."""
    assert any(match.topic.sensitive for match in triage(text, knowledge).topics)
    t = _answered(Transcript(navigator, now).say(text))
    t.expect(absent=("Reply YES", "text you"))
    assert not t.nudges


def test_an_ordinary_topic_still_gets_the_follow_up_offer(navigator, now):
    _answered(
        Transcript(navigator, now).say("my 8 year old has had a sore throat for 2 days")
    ).expect("Reply YES")
