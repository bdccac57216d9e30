"""The sms_outbox table for the outbox sender (channels/sender.py) and demo traffic: each
call is one statement (autocommit), so a message is durably recorded before it returns."""

from __future__ import annotations

from navigator.store.outbox import add, find, messages

__all__ = ["add", "find", "messages"]
