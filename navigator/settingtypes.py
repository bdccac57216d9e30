"""The types a setting may have: each parser takes the raw value (usually a string from the
environment) and returns the typed value, or raises ConfigError naming what is wrong."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from limits import parse_many

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "off"})



class ConfigError(RuntimeError):
    """A setting is missing, malformed or unsafe for the environment."""


class RateLimits(str):
    """A Flask-Limiter limit string ("30 per minute;600 per day"), parsed once: `.items`."""

    items: tuple

    def __new__(cls, text: str) -> RateLimits:
        value = super().__new__(cls, text)
        value.items = tuple(parse_many(text))
        return value


# --- types: each turns an environment string (or an already-typed value) into its value ------


def text(value: object) -> str:
    return str(value)


def optional_text(value: object) -> str | None:
    """Empty is None."""
    return str(value).strip() or None


def boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value if value is not None else "").strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"write true or false, not {value!r}")


def whole(minimum: int = 0) -> Callable[[object], int]:
    def parse(value: object) -> int:
        if isinstance(value, bool):
            raise ValueError("a number, not true/false")
        number = int(str(value).strip()) if not isinstance(value, int) else value
        if number < minimum:
            raise ValueError(f"a whole number >= {minimum}")
        return number

    parse.__name__ = "whole"
    return parse


def number(*, positive: bool) -> Callable[[object], float]:
    def parse(value: object) -> float:
        if isinstance(value, bool):
            raise ValueError("a number, not true/false")
        amount = float(str(value).strip()) if not isinstance(value, int | float) else value
        if amount < 0 or (positive and amount == 0) or amount != amount:
            raise ValueError("a number > 0" if positive else "a number >= 0")
        return float(amount)

    parse.__name__ = "number"
    return parse


def clock_time(value: object) -> dt.time:
    return value if isinstance(value, dt.time) else dt.time.fromisoformat(str(value).strip())


def timezone(value: object) -> str:
    name = str(value).strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"an IANA time zone such as Europe/London, not {name!r}") from None
    return name


def rate_limits(value: object) -> RateLimits:
    return value if isinstance(value, RateLimits) else RateLimits(str(value).strip())


def choice(*allowed: str) -> Callable[[object], str]:
    def parse(value: object) -> str:
        word = str(value).strip().lower()
        if word not in allowed:
            raise ValueError(f"one of {', '.join(allowed)}, not {word!r}")
        return word

    parse.__name__ = "choice"
    return parse
