"""Every setting, declared once: name, default, help, and whether it is a secret.

Read from the environment inside create_app(); README's configuration table is checked
against this list by tests/test_docs.py.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from navigator.paths import INSTANCE_DIR

DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused when NAVIGATOR_ENV=production


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    help: str
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "NAVIGATOR_ENV", "development", "development or production (production refuses dev secrets)"
    ),
    Setting("NAVIGATOR_DATABASE", str(INSTANCE_DIR / "navigator.sqlite3"), "SQLite database path"),
    Setting("NAVIGATOR_SECRET_KEY", DEV_SECRET_KEY, "Flask session signing key", secret=True),
    Setting(
        "NAVIGATOR_PSEUDONYM_KEY",
        DEV_SECRET_KEY,
        "HMAC key for phone-number pseudonyms",
        secret=True,
    ),
    Setting(
        "NAVIGATOR_PUBLIC_URL",
        "http://localhost:5000",
        "public base URL Twilio calls (signatures, links)",
    ),
    Setting(
        "NAVIGATOR_SMS_BACKEND", "outbox", "outbox (record messages in the database) or twilio"
    ),
    Setting("TWILIO_ACCOUNT_SID", None, "Twilio account SID (twilio backend only)"),
    Setting(
        "TWILIO_AUTH_TOKEN", None, "Twilio auth token: verifies webhook signatures", secret=True
    ),
    Setting("TWILIO_FROM_NUMBER", None, "number or messaging service SID replies are sent from"),
    Setting("NAVIGATOR_TIMEZONE", "Europe/London", "local time zone for opening hours and nudges"),
    Setting(
        "NAVIGATOR_MAX_MESSAGE_CHARS", "2000", "longer resident messages are cut to this length"
    ),
    Setting(
        "NAVIGATOR_RATELIMIT_STORAGE",
        "memory://",
        "Flask-Limiter storage for the per-address login POST limit; memory:// counts per "
        "process (development); use redis://host:6379 with several workers",
    ),
    Setting(
        "NAVIGATOR_LOGIN_RATE_LIMIT",
        "60 per minute",
        "per-address limit on login/invitation POSTs (wrong passwords are throttled "
        "separately, in the database)",
    ),
    Setting(
        "NAVIGATOR_EMAIL_BACKEND",
        "outbox",
        "outbox (review reminders recorded in the email_outbox table)",
    ),
    Setting(
        "NAVIGATOR_SESSION_IDLE_MINUTES",
        "60",
        "a conversation idle this long starts afresh (an opt-out is kept)",
    ),
    Setting("NAVIGATOR_NUDGE_DAY_START", "09:00", "earliest local time a follow-up nudge is sent"),
    Setting("NAVIGATOR_NUDGE_DAY_END", "20:00", "no nudge is sent at or after this local time"),
    Setting("NAVIGATOR_SCHEDULER_INTERVAL_SECONDS", "60", "how often the scheduler sweeps nudges"),
    Setting(
        "NAVIGATOR_NUDGE_LEASE_SECONDS",
        "300",
        "a claimed nudge not marked sent by then is taken again (crash recovery)",
    ),
    Setting("NAVIGATOR_NUDGE_BATCH", "50", "nudges claimed per database transaction"),
    Setting("NAVIGATOR_OUTBOX_DELAY_MS", "0", "slow the outbox backend per message (fault tests)"),
    Setting(
        "NAVIGATOR_DEMO_MODE",
        "false",
        "true on a demo deployment: invented demo entries may then be shown and published",
    ),
)
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})

_BY_NAME = {s.name: s for s in SETTINGS}


class ConfigError(RuntimeError):
    """A setting is missing or unsafe for the environment."""


def load_settings(environ=None, overrides: dict | None = None) -> dict:
    """Settings from the environment (or a given mapping), then explicit overrides."""
    environ = os.environ if environ is None else environ
    values = {s.name: environ.get(s.name, s.default) for s in SETTINGS}
    values.update(overrides or {})
    if values["NAVIGATOR_ENV"] == "production":
        for setting in SETTINGS:
            if setting.secret and values.get(setting.name) in (None, "", DEV_SECRET_KEY):
                if (
                    setting.name.startswith("TWILIO")
                    and values["NAVIGATOR_SMS_BACKEND"] != "twilio"
                ):
                    continue
                raise ConfigError(f"{setting.name} must be set to a real secret in production")
    return values


def is_enabled(value: object) -> bool:
    """A boolean setting: 1, true, yes or on (any case) is on; anything else is off."""
    return str(value if value is not None else "").strip().lower() in TRUE_WORDS


def describe(name: str) -> Setting:
    return _BY_NAME[name]
