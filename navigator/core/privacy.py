"""Phone numbers in, pseudonyms out: a keyed HMAC, so the database alone cannot be reversed.

A plain hash of a UK mobile number can be reversed by trying all 10^10 numbers in minutes;
an HMAC whose key lives only in the environment (NAVIGATOR_PSEUDONYM_KEY) cannot. Numbers
are normalised to E.164 first so "07700 900123" and "+447700900123" are one resident.
"""

from __future__ import annotations

import hashlib
import hmac
import re

import phonenumbers

DEFAULT_REGION = "GB"  # a number written without +44 is read as a UK number
PSEUDONYM_PREFIX = "p1:"  # versioned, so a key rotation can tell old from new
_PHONE_LIKE = re.compile(r"(?<!\w)(?:\+?\d[\d ()-]{8,}\d)(?!\w)")
_EMAIL_LIKE = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")


def normalise_phone(raw: str | None, region: str = DEFAULT_REGION) -> str | None:
    """E.164 ("+447700900123") for a plausible number, else None."""
    if not raw or not raw.strip():
        return None
    try:
        number = phonenumbers.parse(raw.strip(), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def pseudonym(raw_phone: str, key: str) -> str:
    """The conversation key for a phone number: HMAC-SHA256 of its E.164 form."""
    if not key:
        raise ValueError("a pseudonym key is required")
    canonical = normalise_phone(raw_phone) or raw_phone.strip()
    digest = hmac.new(key.encode("utf-8"), canonical.encode("utf-8"), hashlib.sha256)
    return PSEUDONYM_PREFIX + digest.hexdigest()


def scrub(text: str) -> str:
    """Free text with phone numbers and email addresses masked (for anything kept longer)."""
    text = _EMAIL_LIKE.sub("[email]", text or "")
    return _PHONE_LIKE.sub("[phone]", text)
