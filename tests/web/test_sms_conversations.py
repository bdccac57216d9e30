"""Issue 10's conversations through POST /sms/inbound with real Twilio signatures: every
reply within 3 segments, 999 in the first segment of emergency replies, safe wording."""

from __future__ import annotations

import itertools
import re

import pytest

from benchmarks.segments_bench import first_segment
from navigator.core.conversation.replies import segments
from tests.conversations import CONVERSATIONS
from tests.web.test_sms import app, fixed_now, messages, sms  # noqa: F401 (fixtures)

_phones = itertools.count(100)


@pytest.mark.parametrize("name", sorted(CONVERSATIONS))
def test_issue_conversation_over_sms(client, fixed_now, name):  # noqa: F811
    phone = f"+447700900{next(_phones):03d}"  # a conversation of its own
    for turn in CONVERSATIONS[name]:
        said = messages(sms(client, turn.text, phone=phone))
        body = "\n".join(said)
        for pattern in turn.must:
            assert re.search(pattern, body, re.I | re.M), (turn.text, pattern, body)
        for pattern in turn.absent:
            assert not re.search(pattern, body, re.I), (turn.text, pattern, body)
        for text in said:
            assert segments(text) <= 3, text
        if turn.emergency:
            assert "999" in first_segment(said[0]), said[0]


def test_stop_after_an_emergency_still_opts_out(client, fixed_now):  # noqa: F811
    messages(sms(client, "my dad has crushing chest pain"))
    (reply,) = messages(sms(client, "STOP"))
    assert "no more texts" in reply
