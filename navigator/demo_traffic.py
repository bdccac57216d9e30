"""Synthetic residents for demos and tests: a month of conversations through the real engine.

Every message goes through service.turns.run_turn (the same path as the SMS webhook and the web
chat), so the usage events, nudges and sessions it leaves are exactly what real traffic
leaves. A fixed seed and an injected start time make a run repeatable. Phone numbers are
Ofcom's drama range (07700 900000-900999), reserved for fiction: never a real resident.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from navigator.core.conversation import nudges
from navigator.core.conversation.conversation import ASK_AGE_TEXT, ASK_PLACE_TEXT, SMS, WEB, Inbound
from navigator.core.privacy import pseudonym
from navigator.scheduler import sweep
from navigator.service import outbox
from navigator.service.turns import deps_for, run_turn

DEFAULT_SEED = 2026
DEFAULT_DAYS = 30
DEFAULT_PER_DAY = 40  # conversations a day; a few per cent of NHS 111's Manchester calls
SMS_SHARE = 0.6
FOLLOW_UP_YES_SHARE = 0.6  # residents who accept the offered follow-up text
NUDGE_REPLY_SHARE = 0.7  # residents who answer the follow-up
# Daytime-heavy arrivals (weights per local hour 0-23), like NHS 111's daily curve.
HOURLY_WEIGHTS = (1, 1, 1, 1, 1, 1, 2, 4, 6, 8, 8, 7, 7, 7, 6, 6, 6, 7, 8, 8, 7, 5, 3, 2)
PLACES = (
    "Gorton", "Levenshulme", "Moss Side", "Hulme", "Rusholme", "Longsight", "Ardwick",
    "Cheetham Hill", "Crumpsall", "Harpurhey", "Blackley", "Moston", "Newton Heath",
    "Ancoats", "Clayton", "Openshaw", "Chorlton", "Whalley Range", "Fallowfield",
    "Withington", "Didsbury", "Burnage", "Northenden", "Wythenshawe", "Baguley", "Sharston",
    "Brooklands", "Old Moat", "Woodhouse Park", "Miles Platting", "Charlestown",
    "M13 0LN", "M14 5", "M22", "M18 8LD", "M40", "M9", "M8",
)  # fmt: skip
# (weight, message with {place}); the mix a city service might see: minor illness first.
NEEDS = (
    (10, "sore throat for 3 days, im in {place}"),
    (6, "my child has earache, we live in {place}"),
    (6, "toothache, in {place}"),
    (5, "I need a food bank near {place}"),
    (4, "blocked nose and pain in my face for 10 days {place}"),
    (4, "burning when i pee {place}"),
    (4, "cough and cold"),
    (3, "I cant pay my rent and might lose my flat, {place}"),
    (3, "need help with debt {place}"),
    (3, "insect bite is red and swollen {place}"),
    (3, "i feel really low and anxious all the time"),
    (2, "twisted my ankle and its swollen, {place}"),
    (2, "need a GP appointment in {place}"),
    (2, "rash on my back, painful blisters on one side {place}"),
    (2, "I'm lonely, any groups near {place}?"),
    (2, "need to register with a dentist {place}"),
    (1, "chest pain spreading to my arm and I feel sick"),
    (1, "my dad's face has dropped on one side and his speech is slurred"),
    (1, "I want to end my life"),
    (1, "my partner hits me and I'm scared to go home {place}"),
    (1, "baby is 2 months old and has a temperature of 38.5"),
    (1, "cut my hand, bleeding a lot, {place}"),
)
AGES = ("4", "7", "30", "45", "70", "8 weeks", "16")
NUDGE_REPLIES = ("1", "1", "1", "2", "2", "3")
WRONG_ADVICE_SHARE = 0.05  # web residents who say the advice was wrong (the feedback form)
WRONG_ADVICE = (
    ("the pharmacist said I needed to see a GP instead", True),
    ("my name is Sam Jones, 07700 900123, it was worse than you said", True),
    ("you told me to rest but it got much worse", False),
    ("call me on 07700 900456", False),
)


class DemoSender:
    """The outbox backend on the demo's clock, remembering who was texted this hour."""

    def __init__(self, conn):
        self.conn, self.now, self.sent_to = conn, None, []

    def send(self, to: str, body: str, *, key: str | None = None) -> str:
        self.sent_to.append(to)
        return f"outbox:{outbox.add(self.conn, to, body, key, self.now)}"


@dataclass
class DemoReport:
    conversations: int = 0
    messages: int = 0
    nudges_sent: int = 0
    nudge_replies: int = 0


def _arrival(rng: random.Random, day: dt.datetime) -> dt.datetime:
    hour = rng.choices(range(24), weights=HOURLY_WEIGHTS)[0]
    return day + dt.timedelta(hours=hour, minutes=rng.randrange(60), seconds=rng.randrange(60))


def _need(rng: random.Random) -> str:
    text = rng.choices([n for _, n in NEEDS], weights=[w for w, _ in NEEDS])[0]
    if "{place}" in text and rng.random() < 0.2:  # some residents do not say where they are
        text = re.sub(r",?\s*(near |in |we live in |im in )?\{place\}\??", "", text)
    return text.format(place=rng.choice(PLACES))


def generate(
    conn,
    navigator,
    settings: dict,
    *,
    start: dt.datetime,
    days: int = DEFAULT_DAYS,
    per_day: int = DEFAULT_PER_DAY,
    seed: int = DEFAULT_SEED,
) -> DemoReport:
    """Conversations from `start` (aware, local midnight) for `days` days, then follow-ups.

    Each conversation answers the engine's questions (age, place), takes or declines the
    follow-up offer on SMS; nudges due within the month are sent through the outbox and
    most are answered 1/2/3 and "did you get help" YES/NO.
    """
    rng = random.Random(seed)
    deps = deps_for(settings, navigator)
    key_secret = settings["NAVIGATOR_PSEUDONYM_KEY"]
    report = DemoReport()
    arrivals = sorted(
        (_arrival(rng, start + dt.timedelta(days=d)), n)
        for d in range(days)
        for n in range(max(0, round(rng.gauss(per_day, per_day**0.5))))
    )
    phones: dict[str, str] = {}
    for number, (moment, _) in enumerate(arrivals):
        sms = rng.random() < SMS_SHARE
        phone = f"+447700{900000 + number % 1000:06d}" if sms else None
        key = pseudonym(phone, key_secret) if phone else f"w:demo-{seed}-{number}"
        if phone:
            phones[key] = phone
        inbound = _talk(conn, deps, rng, key, phone, moment, report)
        report.conversations += 1 if inbound else 0
        if not phone and rng.random() < WRONG_ADVICE_SHARE:
            _say_advice_was_wrong(conn, rng, key, moment)
    end = start + dt.timedelta(days=days)
    _follow_ups(conn, deps, rng, phones, start, end, report)
    return report


def _talk(conn, deps, rng, key, phone, moment, report) -> bool:
    channel = SMS if phone else WEB
    text = _need(rng)
    for _ in range(4):  # the first message, at most two answers to questions, a consent
        replies = run_turn(conn, deps, Inbound(channel, key, text, phone), moment)
        report.messages += 1
        said = " ".join(r.text for r in replies)
        moment += dt.timedelta(minutes=rng.randrange(1, 5))
        if ASK_AGE_TEXT in said:
            text = rng.choice(AGES)
        elif ASK_PLACE_TEXT in said:
            text = rng.choice(PLACES)
        elif "Reply YES" in said:
            text = "YES" if rng.random() < FOLLOW_UP_YES_SHARE else "NO"
        else:
            return True
    return True


def _say_advice_was_wrong(conn, rng, key, moment) -> None:
    """The web form a resident finds under the advice: what they said was wrong, maybe with
    consent for a clinician to read it."""
    from navigator.service.clinical import record_answer_report
    from navigator.service.turns import session_of

    session = session_of(conn, key, WEB)
    if session.disposition in (None, "community", "unclear"):
        return
    text, consented = rng.choice(WRONG_ADVICE)
    record_answer_report(conn, text=text, consented=consented, topic=session.topic,
                         disposition=session.disposition, channel=WEB, now=moment)  # fmt: skip


def _follow_ups(conn, deps, rng, phones, start, end, report) -> None:
    """Send nudges hour by hour through the outbox, and answer most of them."""
    sender = DemoSender(conn)
    by_phone = {p: k for k, p in phones.items()}
    moment = start
    while moment < end:
        moment += dt.timedelta(hours=1)
        sender.now, sender.sent_to = moment, []
        result = sweep(conn, sender, lambda m=moment: m, window=deps.window, worker="demo")
        report.nudges_sent += result.sent
        for phone in sender.sent_to:
            key = by_phone.get(phone)
            if key is None or rng.random() > NUDGE_REPLY_SHARE:
                continue
            later = moment + dt.timedelta(minutes=rng.randrange(5, 120))
            answer = rng.choice(NUDGE_REPLIES)
            replies = run_turn(conn, deps, Inbound(SMS, key, answer, phone), later)
            report.nudge_replies += 1
            if any(nudges.HELP_QUESTION in r.text for r in replies):
                yes = "YES" if rng.random() < 0.75 else "NO"
                run_turn(conn, deps, Inbound(SMS, key, yes, phone), later)


__all__ = ["DemoReport", "generate"]
