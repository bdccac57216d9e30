"""Every setting, declared once: name, type, default, help, and whether it is a secret.

`load_settings()` reads them from the environment (or a given mapping, then explicit
overrides), parses each to its type and checks it, once, at start: callers get an `int`, a
`float`, a `bool`, a `datetime.time`, a `RateLimits` or a `str`, never a string to re-parse,
and never need a default of their own. Production refuses weak or missing secrets.
README's configuration table is checked against SETTINGS by tests/test_docs.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from navigator.core.conversation.nudges import (
    DEFAULT_DAY_END,
    DEFAULT_DAY_START,
    DEFAULT_TIMEZONE,
    DaytimeWindow,
)
from navigator.core.triage.text import MAX_MESSAGE_CHARS
from navigator.paths import INSTANCE_DIR
from navigator.settingtypes import (  # noqa: F401 - the types are part of this module's interface
    FALSE_WORDS,
    TRUE_WORDS,
    ConfigError,
    RateLimits,
    boolean,
    choice,
    clock_time,
    number,
    optional_text,
    rate_limits,
    text,
    timezone,
    whole,
)

DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused when NAVIGATOR_ENV=production
ENVIRONMENTS = ("development", "production")
MIN_SECRET_CHARS = 32
PER_PROCESS_STORAGE = ("memory://",)
Settings = dict[str, Any]  # setting name -> its parsed, checked value

@dataclass(frozen=True)
class Setting:
    name: str
    type: Callable[[object], Any]
    default: Any
    help: str
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "NAVIGATOR_ENV",
        choice(*ENVIRONMENTS),
        "development",
        "development or production, any case (production refuses weak secrets, non-https "
        "URLs, per-process limit storage and debug)",
    ),
    Setting(
        "NAVIGATOR_DATABASE", text, str(INSTANCE_DIR / "navigator.sqlite3"), "SQLite database path"
    ),
    Setting("NAVIGATOR_SECRET_KEY", text, DEV_SECRET_KEY, "Flask session signing key", secret=True),
    Setting(
        "NAVIGATOR_PSEUDONYM_KEY",
        text,
        DEV_SECRET_KEY,
        "HMAC key for phone-number pseudonyms",
        secret=True,
    ),
    Setting(
        "NAVIGATOR_PUBLIC_URL",
        text,
        "http://localhost:5000",
        "public base URL Twilio calls (signatures, links)",
    ),
    Setting(
        "NAVIGATOR_SMS_BACKEND",
        choice("outbox", "twilio"),
        "outbox",
        "outbox (record messages in the database) or twilio",
    ),
    Setting("TWILIO_ACCOUNT_SID", optional_text, None, "Twilio account SID (twilio backend only)"),
    Setting(
        "TWILIO_AUTH_TOKEN",
        optional_text,
        None,
        "Twilio auth token: verifies webhook signatures",
        secret=True,
    ),
    Setting(
        "TWILIO_FROM_NUMBER",
        optional_text,
        None,
        "number or messaging service SID replies are sent from",
    ),
    Setting(
        "NAVIGATOR_TIMEZONE",
        timezone,
        DEFAULT_TIMEZONE,
        "local time zone for opening hours and nudges",
    ),
    Setting(
        "NAVIGATOR_MAX_MESSAGE_CHARS",
        whole(1),
        MAX_MESSAGE_CHARS,
        "longer resident messages are cut to this length",
    ),
    Setting(
        "NAVIGATOR_RATELIMIT_STORAGE",
        text,
        "memory://",
        "rate-limit counters: memory:// counts per process (development only); "
        "navigator+sqlite:///path/limits.sqlite3 shares them between processes on one machine "
        "(its own file, never the main database); redis://host:6379 across machines",
    ),
    Setting(
        "NAVIGATOR_LOGIN_RATE_LIMIT",
        rate_limits,
        "60 per minute",
        "per-address limit on login/invitation POSTs (wrong passwords are throttled "
        "separately, in the database)",
    ),
    Setting(
        "NAVIGATOR_EMAIL_BACKEND",
        choice("outbox"),
        "outbox",
        "outbox (review reminders recorded in the email_outbox table)",
    ),
    Setting(
        "NAVIGATOR_SESSION_IDLE_MINUTES",
        number(positive=True),
        60,
        "a conversation idle this long starts afresh (an opt-out is kept)",
    ),
    Setting(
        "NAVIGATOR_NUDGE_DAY_START",
        clock_time,
        DEFAULT_DAY_START,
        "earliest local time a follow-up nudge is sent",
    ),
    Setting(
        "NAVIGATOR_NUDGE_DAY_END",
        clock_time,
        DEFAULT_DAY_END,
        "no nudge is sent at or after this local time",
    ),
    Setting(
        "NAVIGATOR_SCHEDULER_INTERVAL_SECONDS",
        number(positive=True),
        60,
        "how often the scheduler sweeps nudges",
    ),
    Setting(
        "NAVIGATOR_NUDGE_LEASE_SECONDS",
        number(positive=True),
        300,
        "a claimed nudge not marked sent by then is taken again (crash recovery)",
    ),
    Setting("NAVIGATOR_NUDGE_BATCH", whole(1), 50, "nudges claimed per database transaction"),
    Setting(
        "NAVIGATOR_OUTBOX_DELAY_MS",
        number(positive=False),
        0,
        "slow the outbox backend per message (fault tests)",
    ),
    Setting(
        "NAVIGATOR_MODELS_DIR",
        optional_text,
        None,
        "folder of the trained second opinion (empty: models/ in the repository); a folder "
        "without one runs the rules alone",
    ),
    Setting(
        "NAVIGATOR_DEMO_MODE",
        boolean,
        False,
        "true on a demo deployment: invented demo entries may then be shown and published",
    ),
    Setting(
        "NAVIGATOR_SERVE_APPROVED_ONLY",
        boolean,
        False,
        "true: this deployment serves clinically approved content only; `navigator serve` "
        "refuses to start while any content item is not approved (docs/clinical-safety)",
    ),
    Setting(
        "NAVIGATOR_CONTENT_REVIEW_MONTHS",
        whole(1),
        12,
        "an approved content item is due for clinical review again after this many months",
    ),
    Setting(
        "NAVIGATOR_NUDGE_MAX_LATE_HOURS",
        number(positive=True),
        24,
        "a nudge not sent this long after it was due (an outage) is recorded as missed",
    ),
    Setting(
        "NAVIGATOR_WEBHOOK_BUSY_MS",
        whole(1),
        800,
        "how long the SMS webhook waits for a database lock before the static 999/111 reply",
    ),
    Setting(
        "NAVIGATOR_OPTOUT_JOURNAL",
        optional_text,
        None,
        "append-only file for STOP/START received while the database is unavailable "
        "(default: the database path + .optout-journal)",
    ),
    Setting(
        "NAVIGATOR_TRUSTED_PROXIES",
        whole(0),
        0,
        "how many reverse proxies in front set X-Forwarded-For/-Proto (0: trust no header)",
    ),
    Setting(
        "NAVIGATOR_PUBLIC_RATE_LIMIT",
        rate_limits,
        "30 per minute;600 per day",
        "per client address on the public API and web chat POSTs",
    ),
    Setting(
        "NAVIGATOR_SMS_RATE_LIMIT",
        rate_limits,
        "20 per minute;300 per day",
        "per phone pseudonym on the SMS webhook (STOP and START are never limited)",
    ),
    Setting(
        "NAVIGATOR_STAFF_IDLE_MINUTES",
        whole(1),
        30,
        "a staff or editor session unused this long ends",
    ),
    Setting(
        "NAVIGATOR_STAFF_MAX_HOURS",
        whole(1),
        12,
        "a staff or editor session ends this long after login",
    ),
    Setting(
        "NAVIGATOR_RETENTION_DAYS",
        number(positive=False),
        30,
        "the scheduler deletes conversation data older than this daily (0: never; opt-outs kept)",
    ),
    Setting(
        "NAVIGATOR_MESSAGE_ID_DAYS",
        number(positive=True),
        30,
        "Twilio message ids (no personal data) are kept this long so a replay changes nothing",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def parse(setting: Setting, raw: object) -> Any:
    """One setting's value, typed; ConfigError naming it when the value is not its type.
    Unset or empty (`NAME=` in an env file) is the default."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return setting.type(setting.default) if setting.default is not None else None
    try:
        return setting.type(raw)
    except (ValueError, TypeError) as exc:
        shown = "(hidden)" if setting.secret else repr(raw)
        raise ConfigError(f"{setting.name}={shown} is not valid: {exc}") from None


def load_settings(
    environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
) -> Settings:
    """Settings from the environment (or a given mapping), then explicit overrides (strings or
    already-typed values); each parsed to its type and checked, once."""
    environ = os.environ if environ is None else environ
    overrides = overrides or {}
    values = {
        s.name: parse(s, overrides[s.name] if s.name in overrides else environ.get(s.name))
        for s in SETTINGS
    }
    if values["NAVIGATOR_NUDGE_DAY_START"] >= values["NAVIGATOR_NUDGE_DAY_END"]:
        raise ConfigError("NAVIGATOR_NUDGE_DAY_START must be before NAVIGATOR_NUDGE_DAY_END")
    if values["NAVIGATOR_ENV"] == "production":
        check_production(values, environ)
    return values


def read(name: str, environ: Mapping[str, str] | None = None) -> Any:
    """One setting from the environment, typed: for code that is handed no settings."""
    environ = os.environ if environ is None else environ
    return parse(_BY_NAME[name], environ.get(name))


def nudge_window(settings: Mapping[str, Any]) -> DaytimeWindow:
    """The daytime window follow-up nudges are sent in, as configured."""
    return DaytimeWindow(
        settings["NAVIGATOR_NUDGE_DAY_START"],
        settings["NAVIGATOR_NUDGE_DAY_END"],
        settings["NAVIGATOR_TIMEZONE"],
    )


def check_production(values: Settings, environ: Mapping[str, str]) -> None:
    """Refuse to start production with anything a development default would leave weak."""
    problems = []
    for setting in SETTINGS:
        if not setting.secret:
            continue
        if setting.name.startswith("TWILIO") and values["NAVIGATOR_SMS_BACKEND"] != "twilio":
            continue
        value = values.get(setting.name) or ""
        if value == DEV_SECRET_KEY or len(value) < MIN_SECRET_CHARS:
            problems.append(f"{setting.name} must be a real secret of {MIN_SECRET_CHARS}+ chars")
    if values["NAVIGATOR_SECRET_KEY"] == values["NAVIGATOR_PSEUDONYM_KEY"]:
        problems.append("NAVIGATOR_SECRET_KEY and NAVIGATOR_PSEUDONYM_KEY must differ")
    url = urlsplit(values["NAVIGATOR_PUBLIC_URL"])
    if url.scheme != "https" or not url.hostname or url.hostname in ("localhost", "127.0.0.1"):
        problems.append("NAVIGATOR_PUBLIC_URL must be the public https:// address")
    storage = values["NAVIGATOR_RATELIMIT_STORAGE"]
    if not storage or storage.startswith(PER_PROCESS_STORAGE):
        problems.append("NAVIGATOR_RATELIMIT_STORAGE must be shared storage, not memory://")
    if str(environ.get("FLASK_DEBUG", "")).strip().lower() in TRUE_WORDS:
        problems.append("FLASK_DEBUG is on: the debugger runs code for anyone who can reach it")
    if problems:
        raise ConfigError("production refused: " + "; ".join(problems))


def describe(name: str) -> Setting:
    return _BY_NAME[name]
