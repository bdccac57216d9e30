"""Reply wording and SMS segment arithmetic. Web pages use templates; SMS wording lives here.

An emergency reply is short, plain and first: what to do now, then anything else.
Replies are built from ranked parts: what to do now and the safety net are always kept; the
rest is added, most important first, while the reply stays within 2 segments (or what the
must-keep parts cost), never more than 3. All wording comes from content/replies/.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from navigator.core.conversation import wording
from navigator.core.models import Disposition

MAX_SMS_SEGMENTS = 3
GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67

_GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENDED = set("^{}\\[~]|€\f")  # each costs two septets
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u2022": "-",
    }
)

ACTION = {d: wording.text(f"action.{d.value}") for d in Disposition}
SAFETY_NET = wording.text("safety_net")
TARGET_SMS_SEGMENTS = 2  # aim: a full answer in 2 segments when it loses nothing that matters

# How readily a part of an answer is left out to fit (0: never; higher: sooner). The order
# the parts are shown in does not change: only which of them are kept.
KEEP, FIRST_SERVICE, USEFUL, SECOND_SERVICE, LINK, THIRD_SERVICE = 0, 1, 2, 3, 4, 5


@dataclass(frozen=True)
class Part:
    text: str
    rank: int = KEEP


def fold(text: str) -> str:
    """Curly quotes and dashes to plain ones, so a reply stays GSM-7 (a third of the cost)."""
    return text.translate(_FOLD)


def is_gsm7(text: str) -> bool:
    return all(ch in _GSM7_BASIC or ch in _GSM7_EXTENDED for ch in text)


def segments(text: str) -> int:
    """How many SMS segments Twilio will bill for this text."""
    if not text:
        return 1
    if is_gsm7(text):
        units = sum(2 if ch in _GSM7_EXTENDED else 1 for ch in text)
        return 1 if units <= GSM7_SINGLE else -(-units // GSM7_PART)
    units = sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)  # UTF-16 code units
    return 1 if units <= UCS2_SINGLE else -(-units // UCS2_PART)


def fit(parts: list[str], max_segments: int = MAX_SMS_SEGMENTS) -> str:
    """Join parts in order, dropping whole parts from the end until it fits; the first part
    is shortened only if it alone is too long. (Answers use fit_parts: ranked, not ordered.)"""
    parts = [fold(p).strip() for p in parts if p and p.strip()]
    while parts:
        text = "\n".join(parts)
        if segments(text) <= max_segments:
            return text
        if len(parts) == 1:
            break
        parts.pop()
    return _shorten(parts[0] if parts else "", max_segments)


def _shorten(text: str, max_segments: int) -> str:
    while text and segments(text) > max_segments:
        text = text[: int(len(text) * 0.9)].rsplit(" ", 1)[0]
    return text


def fit_parts(
    parts: list[Part],
    target: int = TARGET_SMS_SEGMENTS,
    cap: int = MAX_SMS_SEGMENTS,
) -> str:
    """Keep every rank-0 part and as many rank-1 parts as fit the cap; then add the others,
    most important first, while the reply stays within the target (or within what the
    must-keep parts already cost). Shown in their given order, never more than `cap`."""
    parts = [Part(fold(p.text).strip(), p.rank) for p in parts if p.text and p.text.strip()]
    kept = [p for p in parts if p.rank == KEEP]
    for part in parts:
        if part.rank == FIRST_SERVICE and segments(_join(parts, [*kept, part])) <= cap:
            kept.append(part)
    if segments(_join(parts, kept)) > cap:  # the must-keep parts alone are too long
        return _overflow(parts, kept, cap)
    budget = min(cap, max(target, segments(_join(parts, kept))))
    for rank in sorted({p.rank for p in parts if p.rank > FIRST_SERVICE}):
        for part in (p for p in parts if p.rank == rank):
            if segments(_join(parts, [*kept, part])) <= budget:
                kept.append(part)
    return _join(parts, kept)


def _join(order: list[Part], kept: list[Part]) -> str:
    chosen = {id(p) for p in kept}
    return "\n".join(p.text for p in order if id(p) in chosen)


def _overflow(order: list[Part], kept: list[Part], cap: int) -> str:
    """Too long even bare: shorten the longest part, never the safety net."""
    texts = [p.text for p in order if p in kept]
    net = fold(SAFETY_NET)
    while segments("\n".join(texts)) > cap:
        shortenable = [i for i, t in enumerate(texts) if t != net and t]
        if not shortenable:
            break
        i = max(shortenable, key=lambda j: len(texts[j]))
        texts[i] = texts[i][: int(len(texts[i]) * 0.9)].rsplit(" ", 1)[0]
    return "\n".join(t for t in texts if t)


@dataclass(frozen=True)
class ServiceLine:
    name: str
    address: str | None = None
    phone: str | None = None
    open_status: str | None = None
    distance_km: float | None = None
    note: str | None = None  # "for children"; who it is for, how to get in
    website: str | None = None  # shown only when there is no address or phone to go by

    def render(self) -> str:
        bits = [f"{self.name} ({self.note})" if self.note else self.name]
        if self.address:
            bits.append(_short_address(self.name, self.address))
        if self.phone:
            bits.append(self.phone)
        if self.website and not (self.address or self.phone):
            bits.append(re.sub(r"^https?://(www\.)?", "", self.website).rstrip("/"))
        if self.open_status:
            bits.append(self.open_status)
        if self.distance_km is not None:
            bits.append(f"{self.distance_km:.1f} km")
        return ", ".join(b for b in bits if b)


def _short_address(name: str, address: str) -> str:
    """The address without what the name already says or ", Manchester" (every service
    here is in Manchester): a line of an SMS costs money."""
    words = [w.strip() for w in address.split(",") if w.strip()]
    words = [w for w in words if w.lower() not in name.lower() and w.lower() != "manchester"]
    return ", ".join(
        w.replace("Manchester ", "") if w.startswith("Manchester M") else w for w in words
    )


def compose(
    disposition: Disposition,
    *,
    why: str = "",
    advice: str = "",
    services: Sequence[ServiceLine] = (),
    link: str | None = None,
    outside_manchester: bool = False,
    question: str | None = None,
    lead: str = "",
    offer: str = "",
    young_person: bool = False,
    why_decided: bool = False,
    notes: Sequence[str] = (),
    demo: bool = False,
    language: str = "en",
) -> str:
    """The resident's reply, most important first. Fitted to the segment budget by rank:
    the third service goes first, then the link, the second service, the explanation; what
    to do now and the safety net are never dropped."""
    home_care = disposition in (Disposition.SELF_CARE, Disposition.PHARMACY)
    why_rank = FIRST_SERVICE if why_decided else USEFUL  # a rule's reason outranks a summary
    parts = [Part(lead), *_action(disposition, language)]
    if demo:  # a demo deployment says so straight after the first instruction, never trimmed
        parts.append(Part(wording.text("demo")))
    if language == "en":  # the reasons are English prose; another language gets them in 111's words
        parts.append(Part(why, why_rank))
    if outside_manchester:
        parts.append(Part(wording.text("outside_manchester")))
    if young_person and disposition is Disposition.SAFEGUARDING:
        parts.append(Part(wording.text("safeguarding_child"), FIRST_SERVICE))
    if advice and home_care:
        parts.append(
            Part(advice, FIRST_SERVICE if disposition is Disposition.SELF_CARE else USEFUL)
        )
    ranks = (FIRST_SERVICE, SECOND_SERVICE, THIRD_SERVICE)
    for i, service in enumerate(services[:3], start=1):
        parts.append(Part(f"{i}. {service.render()}", ranks[i - 1]))
    # where the directory cannot help (outside the city, no real service of a type)
    parts.extend(Part(note, FIRST_SERVICE) for note in notes)
    if question:
        parts.append(Part(question, FIRST_SERVICE))
    if link:
        parts.append(Part(wording.text("more_link", link=link), LINK))
    if not disposition.is_emergency and disposition is not Disposition.UNCLEAR:
        parts.append(Part(wording.text("safety_net", language)))
    if offer:
        parts.append(Part(offer, FIRST_SERVICE))
    return fit_parts(parts)


def _action(disposition: Disposition, language: str) -> list[Part]:
    """What to do now, in the resident's language where wording exists. In another
    language an emergency is said in English too (whoever is beside them may read it), and
    every answer says 111 has free interpreters."""
    if language == "en" or not wording.has(f"action.{disposition.value}", language):
        return [Part(ACTION[disposition])]
    parts = [Part(wording.text(f"action.{disposition.value}", language))]
    if disposition.is_emergency or disposition is Disposition.SAFEGUARDING:
        parts.append(Part(ACTION[disposition]))
    parts.append(Part(wording.text("interpreter", language)))
    return parts
