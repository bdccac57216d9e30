"""A conversation transcript tester: feed resident lines, check what the navigator said.

    t = Transcript(navigator, now)
    t.say("sore throat").expect("How old")
    t.say("30").expect("postcode")
    t.say("M14 5").expect("pharmacist", services=True)

Everything the engine asks to store (nudges, events, reports, opt-out) is collected on the
transcript so a test can assert on it without a database.
"""

from __future__ import annotations

import datetime as dt
import re

from navigator.core.conversation.conversation import SMS, Deps, Inbound, Outcome, Session, handle

TEST_PHONE = "+447700900123"  # Ofcom's drama range: never a real resident


class Transcript:
    def __init__(
        self, navigator, now: dt.datetime, channel: str = SMS, key: str = "p1:test", **deps
    ):
        self.deps = Deps(navigator=navigator, **deps)
        self.now = now
        self.session = Session(key, channel)
        self.channel = channel
        self.last: Outcome | None = None
        self.nudges, self.events, self.reports, self.nudge_updates = [], [], [], []
        self.cancelled = 0
        self.turns = 0

    def say(
        self, text: str, *, at: dt.datetime | None = None, after: dt.timedelta | None = None
    ) -> Transcript:
        if at is not None:
            self.now = at
        elif after is not None:
            self.now = self.now + after
        inbound = Inbound(self.channel, self.session.key, text, phone="+447700900123")
        out = handle(inbound, self.session, self.now, self.deps)
        self.session, self.last = out.session, out
        self.nudges += out.nudges
        self.events += out.events
        self.reports += out.reports
        self.nudge_updates += out.nudge_updates
        self.cancelled += int(out.cancel_nudges)
        self.turns += 1
        return self

    @property
    def reply(self) -> str:
        return "\n".join(r.text for r in self.last.replies)

    def expect(
        self,
        *fragments: str,
        emergency: bool | None = None,
        state: str | None = None,
        absent: tuple[str, ...] = (),
    ) -> Transcript:
        for fragment in fragments:
            assert re.search(fragment, self.reply, re.I), f"{fragment!r} not in:\n{self.reply}"
        for fragment in absent:
            assert not re.search(fragment, self.reply, re.I), f"{fragment!r} in:\n{self.reply}"
        if emergency is not None:
            assert any(r.emergency for r in self.last.replies) is emergency, self.reply
        if state is not None:
            assert self.session.state == state, (self.session.state, self.reply)
        return self

    def is_question(self) -> bool:
        return self.session.state in ("ask_age", "ask_place")
