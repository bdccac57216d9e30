"""Reply wording and SMS segment arithmetic. Web pages use templates; SMS wording lives here.

An emergency reply is short, plain and first: what to do now, then anything else.
Replies are built from parts in order of importance and trimmed from the end to fit
3 SMS segments, so the first instruction is never the part that gets cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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

ACTION = {
    Disposition.EMERGENCY_999: "Call 999 now.",
    Disposition.A_AND_E: "Go to A&E now. If it gets worse or you cannot get there safely, call 999.",
    Disposition.MENTAL_HEALTH_CRISIS: (
        "Get help now: call 111 and choose option 2, call Samaritans free on 116 123, or text "
        "SHOUT to 85258. If you or someone else is in danger, call 999."
    ),
    Disposition.SAFEGUARDING: (
        "You are not in trouble and it is not your fault. If anyone is in danger now, call 999. "
        "Otherwise tell someone who can help today: Manchester social care 0161 234 5001, "
        "police 101, NSPCC 0808 800 5000."
    ),
    Disposition.URGENT_CARE: "Go to an urgent treatment centre today, or call 111 for advice.",
    Disposition.NHS_111: "Call 111 or use 111.nhs.uk today for advice.",
    Disposition.GP: "Contact your GP practice.",
    Disposition.DENTAL: "Call a dentist. No dentist? Call 111 for urgent dental care.",
    Disposition.PHARMACY: "A pharmacist can help, no appointment needed.",
    Disposition.SELF_CARE: "You can look after this at home.",
    Disposition.COMMUNITY: "Local services can help.",
    Disposition.UNCLEAR: (
        "Tell me a bit more: what is worrying you, and who is it for? "
        "If it is an emergency, call 999."
    ),
}
SAFETY_NET = "If you get worse, call 111. In an emergency call 999."


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
    is shortened only if it alone is too long."""
    parts = [fold(p).strip() for p in parts if p and p.strip()]
    while parts:
        text = "\n".join(parts)
        if segments(text) <= max_segments:
            return text
        if len(parts) == 1:
            break
        parts.pop()
    text = parts[0] if parts else ""
    while text and segments(text) > max_segments:
        text = text[: int(len(text) * 0.9)].rsplit(" ", 1)[0]
    return text


@dataclass(frozen=True)
class ServiceLine:
    name: str
    address: str | None = None
    phone: str | None = None
    open_status: str | None = None
    distance_km: float | None = None
    note: str | None = None  # who it is for, how to get in ("referral needed: ...")
    website: str | None = None  # shown only when there is no address or phone to go by

    def render(self) -> str:
        bits = [self.name]
        if self.address:
            bits.append(self.address)
        if self.phone:
            bits.append(self.phone)
        if self.website and not (self.address or self.phone):
            bits.append(re.sub(r"^https?://(www\.)?", "", self.website).rstrip("/"))
        if self.open_status:
            bits.append(self.open_status)
        if self.note:
            bits.append(self.note)
        if self.distance_km is not None:
            bits.append(f"{self.distance_km:.1f} km")
        return ", ".join(bits)


def compose(
    disposition: Disposition,
    *,
    why: str = "",
    advice: str = "",
    services: list[ServiceLine] = (),
    link: str | None = None,
    outside_manchester: bool = False,
    question: str | None = None,
    notes: list[str] = (),
    demo: bool = False,
) -> str:
    """The resident's reply, most important first. `notes`: where the directory cannot help
    (outside the city, no real service of a type), said after the services. `demo`: a demo
    deployment says so straight after the first instruction, so it is never trimmed away."""
    parts = [ACTION[disposition]]  # what to do now always comes first
    if demo:
        parts.append("DEMONSTRATION ONLY: services marked Demo are invented.")
    parts.append(why)
    if outside_manchester:
        parts.append("You seem to be outside Manchester: any pharmacy, 111 or 999 can help.")
    if advice and disposition in (Disposition.SELF_CARE, Disposition.PHARMACY):
        parts.append(advice)
    parts.extend(f"{i}. {s.render()}" for i, s in enumerate(services, start=1))
    parts.extend(notes)
    if question:
        parts.append(question)
    if link:
        parts.append(f"More: {link}")
    if not disposition.is_emergency and disposition is not Disposition.UNCLEAR:
        parts.append(SAFETY_NET)
    return fit(parts)
