"""Production means production (issue 14): weak secrets, http URLs, per-process limits,
debug and misspelt environment names all stop the service at start."""

from __future__ import annotations

import pytest

from navigator import create_app
from navigator.config import ConfigError, load_settings

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
