"""The rate limiter's shared storage (store/ratelimits.py: a small SQLite file of its own):
importing this module registers the navigator+sqlite storage scheme with `limits`, so the
web's guards can name it in NAVIGATOR_RATELIMIT_STORAGE."""

from __future__ import annotations

from navigator.store.ratelimits import SCHEME, SQLiteStorage

__all__ = ["SCHEME", "SQLiteStorage"]
