"""Text from outside, made safe to store and encode, at the edge (API, chat, SMS).

JSON can carry lone UTF-16 surrogates ("\\ud800") that Python decodes into a str no UTF-8
encoder (SQLite, logs, responses) accepts; forms can carry NULs and control characters.
A valid surrogate pair is joined into its character; anything else unencodable becomes
U+FFFD; control characters other than newline and tab are dropped.
"""

from __future__ import annotations

import re

MAX_JSON_DEPTH = 20  # our requests are flat objects; anything deeper is refused with 400
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(text: str) -> str:
    if not isinstance(text, str):
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # utf-16 with surrogatepass pairs up valid halves; 'replace' turns lone ones to U+FFFD
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return _CONTROL.sub("", text)


def clean_json(value, depth: int = 0):
    """Every string (keys too) in a decoded JSON value cleaned; ValueError if too deep."""
    if depth > MAX_JSON_DEPTH:
        raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_json(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_json(v, depth + 1) for k, v in value.items()}
    return value


def json_depth(raw: bytes) -> int:
    """The deepest bracket nesting in raw JSON text, strings skipped, without parsing it
    (a parser recurses, and Python's json raises RecursionError near 1,000 levels)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest
