"""Every setting, declared once: name, default, help, and whether it is a secret.

Read from the environment inside create_app(); README's configuration table is checked
against this list by tests/test_docs.py.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

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
        "NAVIGATOR_ENV",
        "development",
        "development or production, any case (production refuses weak secrets, non-https "
        "URLs, per-process limit storage and debug)",
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
        "rate-limit counters: memory:// counts per process (development only); "
        "navigator+sqlite:///path/limits.sqlite3 shares them between processes on one machine "
        "(its own file, never the main database); redis://host:6379 across machines",
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
        "NAVIGATOR_MODELS_DIR",
        "",
        "folder of the trained second opinion (empty: models/ in the repository); a folder "
        "without one runs the rules alone",
    ),
    Setting(
        "NAVIGATOR_DEMO_MODE",
        "false",
        "true on a demo deployment: invented demo entries may then be shown and published",
    ),
    Setting(
        "NAVIGATOR_SERVE_APPROVED_ONLY",
        "false",
        "true: this deployment serves clinically approved content only; `navigator serve` "
        "refuses to start while any content item is not approved (docs/clinical-safety)",
    ),
    Setting(
        "NAVIGATOR_CONTENT_REVIEW_MONTHS",
        "12",
        "an approved content item is due for clinical review again after this many months",
    ),
    Setting(
        "NAVIGATOR_NUDGE_MAX_LATE_HOURS",
        "24",
        "a nudge not sent this long after it was due (an outage) is recorded as missed",
    ),
    Setting(
        "NAVIGATOR_WEBHOOK_BUSY_MS",
        "800",
        "how long the SMS webhook waits for a database lock before the static 999/111 reply",
    ),
    Setting(
        "NAVIGATOR_OPTOUT_JOURNAL",
        "",
        "append-only file for STOP/START received while the database is unavailable "
        "(default: the database path + .optout-journal)",
    ),
    Setting(
        "NAVIGATOR_TRUSTED_PROXIES",
        "0",
        "how many reverse proxies in front set X-Forwarded-For/-Proto (0: trust no header)",
    ),
    Setting(
        "NAVIGATOR_PUBLIC_RATE_LIMIT",
        "30 per minute;600 per day",
        "per client address on the public API and web chat POSTs",
    ),
    Setting(
        "NAVIGATOR_SMS_RATE_LIMIT",
        "20 per minute;300 per day",
        "per phone pseudonym on the SMS webhook (STOP and START are never limited)",
    ),
    Setting(
        "NAVIGATOR_STAFF_IDLE_MINUTES", "30", "a staff or editor session unused this long ends"
    ),
    Setting(
        "NAVIGATOR_STAFF_MAX_HOURS", "12", "a staff or editor session ends this long after login"
    ),
    Setting(
        "NAVIGATOR_RETENTION_DAYS",
        "30",
        "the scheduler deletes conversation data older than this daily (0: never; opt-outs kept)",
    ),
    Setting(
        "NAVIGATOR_MESSAGE_ID_DAYS",
        "30",
        "Twilio message ids (no personal data) are kept this long so a replay changes nothing",
    ),
)
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})

_BY_NAME = {s.name: s for s in SETTINGS}


ENVIRONMENTS = ("development", "production")
MIN_SECRET_CHARS = 32
PER_PROCESS_STORAGE = ("memory://",)
INTEGER_SETTINGS = (
    "NAVIGATOR_MAX_MESSAGE_CHARS",
    "NAVIGATOR_NUDGE_BATCH",
    "NAVIGATOR_WEBHOOK_BUSY_MS",
    "NAVIGATOR_TRUSTED_PROXIES",
    "NAVIGATOR_STAFF_IDLE_MINUTES",
    "NAVIGATOR_STAFF_MAX_HOURS",
)


class ConfigError(RuntimeError):
    """A setting is missing or unsafe for the environment."""


def load_settings(environ=None, overrides: dict | None = None) -> dict:
    """Settings from the environment (or a given mapping), then explicit overrides; checked."""
    environ = os.environ if environ is None else environ
    values = {s.name: environ.get(s.name, s.default) for s in SETTINGS}
    values.update(overrides or {})
    env = str(values["NAVIGATOR_ENV"] or "development").strip().lower()
    if env not in ENVIRONMENTS:
        raise ConfigError(f"NAVIGATOR_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    values["NAVIGATOR_ENV"] = env
    for name in INTEGER_SETTINGS:
        try:
            if int(str(values[name])) < 0:
                raise ValueError
        except ValueError:
            raise ConfigError(f"{name} must be a whole number >= 0") from None
    if env == "production":
        check_production(values, environ)
    return values


def is_enabled(value: object) -> bool:
    """A boolean setting: 1, true, yes or on (any case) is on; anything else is off."""
    return str(value if value is not None else "").strip().lower() in TRUE_WORDS


def check_production(values: dict, environ) -> None:
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
    url = urlsplit(str(values.get("NAVIGATOR_PUBLIC_URL") or ""))
    if url.scheme != "https" or not url.hostname or url.hostname in ("localhost", "127.0.0.1"):
        problems.append("NAVIGATOR_PUBLIC_URL must be the public https:// address")
    storage = str(values.get("NAVIGATOR_RATELIMIT_STORAGE") or "")
    if not storage or storage.startswith(PER_PROCESS_STORAGE):
        problems.append("NAVIGATOR_RATELIMIT_STORAGE must be shared storage, not memory://")
    if str(environ.get("FLASK_DEBUG", "")).strip().lower() in TRUE_WORDS:
        problems.append("FLASK_DEBUG is on: the debugger runs code for anyone who can reach it")
    if problems:
        raise ConfigError("production refused: " + "; ".join(problems))


def describe(name: str) -> Setting:
    return _BY_NAME[name]
