"""Resident wording from content/replies/<lang>.yaml: the one loader.

Keys are dotted paths ("action.gp", "ask.age"). A key missing from a language falls back
to English (en.yaml), so a partial translation is always safe to ship; a key missing from
English too is a programming error and raises KeyError. Files are read once per process.
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from navigator.paths import CONTENT_DIR

REPLIES_DIR = CONTENT_DIR / "replies"
DEFAULT_LANGUAGE = "en"


@functools.cache
def _load(language: str, directory: Path = REPLIES_DIR) -> dict:
    path = directory / f"{language}.yaml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data if isinstance(data, dict) else {}


def _lookup(data: dict, key: str):
    node = data
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def text(key: str, language: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The wording for `key` in `language` (English when missing), with {names} filled in."""
    found = _lookup(_load(language), key) if language != DEFAULT_LANGUAGE else None
    if not isinstance(found, str):
        found = _lookup(_load(DEFAULT_LANGUAGE), key)
    if not isinstance(found, str):
        raise KeyError(f"no wording for {key!r} in content/replies/{DEFAULT_LANGUAGE}.yaml")
    found = " ".join(found.split())
    return found.format(**values) if values else found


def words(key: str, language: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """A list of words or phrases (e.g. the ways of saying yes), language then English."""
    found = _lookup(_load(language), key)
    if not isinstance(found, list):
        found = _lookup(_load(DEFAULT_LANGUAGE), key)
    if not isinstance(found, list):
        raise KeyError(f"no word list {key!r} in content/replies/{DEFAULT_LANGUAGE}.yaml")
    return tuple(str(w) for w in found)


def has(key: str, language: str = DEFAULT_LANGUAGE) -> bool:
    return _lookup(_load(language), key) is not None
