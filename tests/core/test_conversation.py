"""The conversation engine as transcripts: keywords, safety first, questions, follow-ups."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from navigator.core.conversation import conversation as conv
from navigator.core.conversation.nudges import DEFAULT_WINDOW, escalate
from navigator.core.models import Disposition
from tests.harness import Transcript

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(scope="module")
def navigator(tmp_path_factory):
    from navigator.db import connect
    from navigator.runtime import build_navigator, prepare_database

    conn = connect(tmp_path_factory.mktemp("conv") / "nav.sqlite3")
    prepare_database(conn)
    return build_navigator(conn, "https://nav.example")


@pytest.fixture
def talk(navigator, now):
    return lambda **kw: Transcript(navigator, now, **kw)


def test_an_emergency_is_answered_on_the_first_message_with_no_question(talk):
    t = talk().say("my dad has crushing chest pain and is sweating")
    t.expect("^Call 999 now", emergency=True, absent=("postcode", "How old", "Reply YES"))
    assert t.session.state == conv.EMERGENCY and not t.nudges


def test_an_emergency_mid_question_is_answered_at_once(talk):
    t = talk().say("sore throat").expect("How old", state=conv.ASK_AGE)
    t.say("hes stopped breathing").expect("999", emergency=True, absent=("postcode",))


def test_age_is_asked_only_when_it_changes_the_route(talk):
    talk().say("sore throat").expect("How old")  # under 5s see a GP, not Pharmacy First
    talk().say("I feel lonely").expect("postcode", absent=("How old",))
    talk().say("my 3 year old has a sore throat").expect("postcode", absent=("How old",))


def test_the_age_answer_changes_the_route(talk):
    child = talk().say("sore throat").say("4").say("Gorton")
    adult = talk().say("sore throat").say("30").say("Gorton")
    assert child.session.disposition == Disposition.GP
    assert adult.session.disposition == Disposition.PHARMACY
    adult.expect("pharmacist", state=conv.OFFER)


def test_never_more_than_two_questions_before_an_answer(talk):
    t = talk().say("sore throat").expect("How old")
    t.say("not sure").expect("postcode")
    t.say("somewhere").expect("pharmacist|GP", absent=("How old", "postcode or area"))
    assert t.turns == 3 and t.session.state == conv.OFFER


def test_the_neighbourhood_is_remembered_not_the_postcode(talk):
    t = talk().say("I feel lonely").say("M14 5AB")
    assert t.session.neighbourhoods and "M14" not in json.dumps(t.session.to_dict())
    t.say("no").say("toothache").expect("dentist", absent=("postcode or area",))


def test_outside_manchester_gets_national_routes(talk):
    t = talk().say("headache").expect("postcode").say("SW1A 1AA")
    t.expect("outside Manchester", "111")
    assert t.session.outside_manchester and not t.session.neighbourhoods


@pytest.mark.parametrize(
    "word",
    [
        "STOP",
        "stop",
        " Stop ",
        "STOPALL",
        "UNSUBSCRIBE",
        "CANCEL",
        "END",
        "QUIT",
        "REVOKE",
        "OPTOUT",
        "stop texting me",
        "Please stop.",
        "don't text me",
    ],
)
def test_opt_out_words_cancel_nudges_at_any_point(talk, word):
    t = talk().say("sore throat").say(word)
    t.expect("no more texts", "START")
    assert t.session.opted_out and t.cancelled == 1 and t.session.state == conv.IDLE


@pytest.mark.parametrize("text", ["I cant stop coughing", "stop it hurts", "the end of my finger"])
def test_keywords_match_the_whole_message_only(talk, text):
    t = talk().say(text)
    assert not t.session.opted_out and t.cancelled == 0


def test_start_and_yes_opt_back_in_but_yes_after_an_offer_is_consent(talk, now):
    t = talk().say("STOP").say("START").expect("again")
    assert not t.session.opted_out
    t.say("STOP").say("yes")
    assert not t.session.opted_out and not t.nudges  # YES with nothing offered: opt-in
    t.say("I feel lonely").say("Gorton").expect("Reply YES", state=conv.OFFER)
    t.say("YES").expect("We will text you")
    (plan,) = t.nudges
    assert plan.topic == "loneliness" and plan.neighbourhood == "gorton-levenshulme"
    assert DEFAULT_WINDOW.contains(plan.due_at)
    assert plan.due_at - now >= dt.timedelta(hours=48)


def test_no_to_the_offer_schedules_nothing(talk):
    t = talk().say("I feel lonely").say("Gorton").say("no").expect("will not text")
    assert not t.nudges


def test_help_explains_and_reset_starts_over(talk):
    t = talk().say("sore throat").say("HELP").expect("999", "RESET", state=conv.ASK_AGE)
    t.say("reset").expect("start again", state=conv.IDLE)
    assert t.session.need == ""


def test_web_chat_gets_no_follow_up_offer(talk):
    t = talk(channel=conv.WEB, key="w:abc").say("I feel lonely").say("Gorton")
    t.expect("Local services", absent=("Reply YES",))


def test_a_wrong_service_report_names_that_service(talk):
    t = talk()
    t.session.services = ["svc-a", "svc-b"]
    t.say("WRONG 2").expect("Thank you")
    assert t.reports == [{"service_id": "svc-b", "reason": "wrong"}]
    t.say("closed 7").expect("which one")
    assert len(t.reports) == 1


def _after_nudge(t: Transcript, disposition: str, topic: str = "sore-throat") -> Transcript:
    t.session = conv.after_nudge_sent(
        t.session, 41, topic, disposition, ["gorton-levenshulme"], t.now
    )
    return t


def test_better_closes_and_asks_whether_they_got_help(talk):
    t = _after_nudge(talk(), "pharmacy").say("1").expect("Glad", "Y or N", state=conv.HELP_Q)
    t.say("Y").expect("Thank you")
    assert (41, {"outcome": "better"}) in t.nudge_updates
    assert (41, {"got_help": True}) in t.nudge_updates
    assert {"kind": "got_help", "got_help": True}.items() <= t.events[-1].items()


def test_same_re_offers_help_at_least_as_urgent(talk):
    t = _after_nudge(talk(), "pharmacy").say("same")
    t.expect("no better", "pharmacist", "Y or N")
    assert t.session.disposition == Disposition.PHARMACY


@pytest.mark.parametrize("first", [d for d in Disposition if not d.is_emergency])
def test_worse_never_gets_less_help_than_the_first_answer(talk, first):
    t = _after_nudge(talk(), first.value).say("3").expect("worse")
    got = Disposition(t.session.disposition)
    assert got.acuity >= first.acuity
    assert got.acuity >= escalate(first).acuity
    assert (41, {"outcome": "worse"}) in t.nudge_updates


def test_worse_escalates_a_pharmacy_answer_and_red_flags_still_win(talk):
    t = _after_nudge(talk(), "pharmacy").say("worse")
    assert t.session.disposition == Disposition.NHS_111
    t2 = _after_nudge(talk(), "pharmacy").say("3 she cant breathe and her lips are blue")
    t2.expect("999", emergency=True)


def test_idle_sessions_restart_but_an_opt_out_is_kept(talk):
    t = talk().say("STOP").say("sore throat").expect("How old")
    t.say("4", after=dt.timedelta(hours=2))  # the question has expired: "4" is a new message
    assert t.session.state != conv.ASK_PLACE and t.session.opted_out


def test_usage_events_carry_no_identity_or_free_text(talk):
    t = talk(key="p1:secretkey").say("my 3 year old has a sore throat, im in Gorton")
    text = json.dumps(t.events)
    assert "secretkey" not in text and "throat, im" not in text and "+44" not in text
    (event,) = t.events
    assert event["kind"] == "answer" and event["neighbourhood"] == "gorton-levenshulme"
    assert event["topic"] == "sore-throat" and event["hour"].endswith(":00")


def test_every_reply_fits_three_sms_segments(talk):
    from navigator.core.conversation.replies import segments

    for script in (
        ["sore throat", "4", "M14 5"],
        ["help"],
        ["chest pain and sweating"],
        ["I feel lonely", "Gorton", "yes"],
    ):
        t = talk()
        for line in script:
            t.say(line)
            assert all(segments(r.text) <= 3 for r in t.last.replies), t.reply


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("4", 4),
        ("8 weeks", 8 * 7 / 365.25),
        ("6 months", 0.5),
        ("3yo", 3),
        ("he's 70", 70),
        ("dunno", None),
        ("200", None),
    ],
)
def test_read_age(text, years):
    got = conv.read_age(text)
    assert got == pytest.approx(years) if years is not None else got is None
