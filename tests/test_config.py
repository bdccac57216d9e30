"""Production means production (issue 14): weak secrets, http URLs, per-process limits,
debug and misspelt environment names all stop the service at start."""

from __future__ import annotations

import pytest

from navigator import create_app
from navigator.settings import ConfigError, load_settings

GOOD = {
    "NAVIGATOR_ENV": "production",
    "NAVIGATOR_SECRET_KEY": "k" * 40,
    "NAVIGATOR_PSEUDONYM_KEY": "p" * 40,
    "NAVIGATOR_PUBLIC_URL": "https://navigator.example.org",
    "NAVIGATOR_RATELIMIT_STORAGE": "navigator+sqlite:///tmp/limits.sqlite3",
}


def test_a_sound_production_configuration_loads():
    assert load_settings(environ=GOOD)["NAVIGATOR_ENV"] == "production"


@pytest.mark.parametrize(
    "change, complaint",
    [
        ({"NAVIGATOR_SECRET_KEY": "x"}, "NAVIGATOR_SECRET_KEY"),
        ({"NAVIGATOR_PSEUDONYM_KEY": "short-but-not-one-char"}, "NAVIGATOR_PSEUDONYM_KEY"),
        ({"NAVIGATOR_PSEUDONYM_KEY": "k" * 40}, "must differ"),
        ({"NAVIGATOR_PUBLIC_URL": "http://navigator.example.org"}, "https"),
        ({"NAVIGATOR_PUBLIC_URL": "https://localhost:5000"}, "https"),
        ({"NAVIGATOR_RATELIMIT_STORAGE": "memory://"}, "memory://"),
        ({"FLASK_DEBUG": "1"}, "FLASK_DEBUG"),
        ({"NAVIGATOR_SMS_BACKEND": "twilio", "TWILIO_AUTH_TOKEN": "abc"}, "TWILIO_AUTH_TOKEN"),
    ],
)
def test_production_refuses_each_weakness(change, complaint):
    with pytest.raises(ConfigError, match=complaint):
        load_settings(environ={**GOOD, **change})


@pytest.mark.parametrize("name", ["Production", "PRODUCTION", " production "])
def test_environment_names_are_case_insensitive(name):
    with pytest.raises(ConfigError, match="NAVIGATOR_SECRET_KEY"):
        load_settings(environ={"NAVIGATOR_ENV": name})
    assert load_settings(environ={**GOOD, "NAVIGATOR_ENV": name})["NAVIGATOR_ENV"] == "production"


@pytest.mark.parametrize("name", ["prod", "staging", "live"])
def test_an_unknown_environment_is_an_error_not_development(name):
    with pytest.raises(ConfigError, match="NAVIGATOR_ENV"):
        load_settings(environ={"NAVIGATOR_ENV": name})


def test_numbers_are_checked_at_start():
    with pytest.raises(ConfigError, match="NAVIGATOR_WEBHOOK_BUSY_MS"):
        load_settings(environ={"NAVIGATOR_WEBHOOK_BUSY_MS": "fast"})


def test_create_app_refuses_a_weak_production_config_and_never_debugs(db_path, monkeypatch):
    with pytest.raises(ConfigError):
        create_app({"NAVIGATOR_DATABASE": str(db_path), "NAVIGATOR_ENV": "Production"})
    app = create_app({**GOOD, "NAVIGATOR_DATABASE": str(db_path)})
    assert app.debug is False


def test_settings_are_typed_once_with_one_default_each():
    import datetime as dt

    settings = load_settings(environ={})
    assert settings["NAVIGATOR_MAX_MESSAGE_CHARS"] == 2000
    assert settings["NAVIGATOR_NUDGE_DAY_START"] == dt.time(9, 0)
    assert settings["NAVIGATOR_NUDGE_DAY_END"] == dt.time(20, 0)
    assert settings["NAVIGATOR_DEMO_MODE"] is False
    assert settings["NAVIGATOR_PUBLIC_RATE_LIMIT"].items  # parsed once, for the limiter
    assert settings["TWILIO_AUTH_TOKEN"] is None
    typed = load_settings(environ={"NAVIGATOR_DEMO_MODE": "Yes", "NAVIGATOR_RETENTION_DAYS": "0",
                                   "NAVIGATOR_NUDGE_DAY_END": "19:30", "NAVIGATOR_MODELS_DIR": ""})  # fmt: skip
    assert typed["NAVIGATOR_DEMO_MODE"] is True and typed["NAVIGATOR_RETENTION_DAYS"] == 0
    assert typed["NAVIGATOR_NUDGE_DAY_END"] == dt.time(19, 30)
    assert typed["NAVIGATOR_MODELS_DIR"] is None  # empty is the default
    assert load_settings(environ={}, overrides=settings) == settings  # typed values pass through


@pytest.mark.parametrize(
    "change, complaint",
    [
        ({"NAVIGATOR_DEMO_MODE": "ture"}, "NAVIGATOR_DEMO_MODE"),
        ({"NAVIGATOR_NUDGE_DAY_START": "9am"}, "NAVIGATOR_NUDGE_DAY_START"),
        ({"NAVIGATOR_NUDGE_DAY_START": "21:00"}, "before NAVIGATOR_NUDGE_DAY_END"),
        ({"NAVIGATOR_TIMEZONE": "Europe/Manchester"}, "NAVIGATOR_TIMEZONE"),
        ({"NAVIGATOR_PUBLIC_RATE_LIMIT": "lots"}, "NAVIGATOR_PUBLIC_RATE_LIMIT"),
        ({"NAVIGATOR_SMS_BACKEND": "pigeon"}, "NAVIGATOR_SMS_BACKEND"),
        ({"NAVIGATOR_NUDGE_BATCH": "0"}, "NAVIGATOR_NUDGE_BATCH"),
        ({"NAVIGATOR_RETENTION_DAYS": "-1"}, "NAVIGATOR_RETENTION_DAYS"),
    ],
)
def test_malformed_settings_stop_the_start_naming_the_setting(change, complaint):
    with pytest.raises(ConfigError, match=complaint):
        load_settings(environ=change)


def test_a_malformed_secret_is_never_echoed():
    from navigator.settings import Setting, parse

    def refuse(value):
        raise ValueError("no")

    with pytest.raises(ConfigError) as refused:
        parse(Setting("X_KEY", refuse, None, "", secret=True), "hunter2-secret")
    assert "hunter2" not in str(refused.value)


def test_nothing_outside_settings_reads_the_environment_or_re_parses_a_setting():
    import re

    from navigator.paths import PACKAGE_DIR
    from navigator.settings import SETTINGS

    names = "|".join(s.name for s in SETTINGS)
    reparse = re.compile(
        rf"os\.environ|os\.getenv|(config|settings)\.get\(\s*\"({names})\"|"
        r"(int|float|is_enabled)\(\s*(current_app\.|app\.)?(config|settings)"
    )
    allowed = {PACKAGE_DIR / "settings.py", PACKAGE_DIR / "paths.py"}  # paths: tests' data dir
    found = [
        f"{path.relative_to(PACKAGE_DIR)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE_DIR.rglob("*.py"))
        if path not in allowed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if reparse.search(line)
    ]
    assert not found, found
