"""Outbound SMS goes through a Sender chosen by configuration; tests read the outbox.

`outbox` records messages in the sms_outbox table (the default: a test or an operator reads
it); `twilio` calls the REST API. A sender may also answer `find(to, body, key=, since=)`:
"did you already accept this message?" The scheduler asks it about a nudge left in
`sending` by a crash instead of calling `send` again, so the provider is not called twice
for one nudge. The outbox answers by dedupe key; Twilio by listing recent messages to the
number with the same body (Twilio has no idempotency key).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Protocol

from navigator.service import outbox


class Sender(Protocol):
    def send(self, to: str, body: str, *, key: str | None = None) -> str | None:
        """Send one SMS; returns the provider's message id. Raises on failure."""


class OutboxSender:
    """Writes to the sms_outbox table. `delay_seconds` imitates a slow provider (fault tests)."""

    def __init__(self, conn, delay_seconds: float = 0.0):
        self.conn = conn
        self.delay_seconds = delay_seconds

    def send(self, to: str, body: str, *, key: str | None = None) -> str:
        if self.delay_seconds:
            time.sleep(self.delay_seconds / 2)  # slow before the provider accepts...
        row_id = outbox.add(self.conn, to, body, key, dt.datetime.now(dt.UTC))
        if self.delay_seconds:
            time.sleep(self.delay_seconds / 2)  # ...and slow to acknowledge afterwards
        return f"outbox:{row_id}"

    def find(self, to: str, body: str, *, key: str, since: dt.datetime | None = None):
        row_id = outbox.find(self.conn, key)
        return None if row_id is None else f"outbox:{row_id}"


def build_sender(settings: dict, conn) -> Sender:
    backend = settings["NAVIGATOR_SMS_BACKEND"]
    if backend == "outbox":
        delay_ms = settings["NAVIGATOR_OUTBOX_DELAY_MS"]
        return OutboxSender(conn, delay_seconds=delay_ms / 1000)
    if backend == "twilio":
        from navigator.channels.twilio import TwilioSender

        base = settings["NAVIGATOR_PUBLIC_URL"].rstrip("/")
        return TwilioSender(
            settings["TWILIO_ACCOUNT_SID"],
            settings["TWILIO_AUTH_TOKEN"],
            settings["TWILIO_FROM_NUMBER"],
            status_callback=f"{base}/sms/status" if base else None,
        )
    raise ValueError(f"NAVIGATOR_SMS_BACKEND must be outbox or twilio, not {backend!r}")
