"""Reply text to safe HTML for the web chat: phone numbers become tel: links, web addresses
and self-care topics links; everything else is escaped. The SMS text is unchanged."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# A web address, or a UK phone number as replies write them: 999, 111, 116 123, 101,
# 0161 234 5001, 0808 800 5000, 0800 1111. Numbers inside a longer number (a postcode,
# "38.5", a distance) are not phones: the lookarounds keep them out.
_TOKEN = re.compile(
    r"(?P<url>https?://[^\s<>\"']+[^\s<>\"'.,;:!?)])"
    r"|(?<![\w.£/-])(?P<phone>999|111|101|116 123|0\d{2,4}(?: \d{3,4}){1,2}|0800 1111|85258)"
    r"(?![\w%/-]|\.\w|\s?km|\s?(?:days|weeks|months|years|mg|C\b))"
)


def phone_href(number: str) -> str:
    return "tel:" + number.replace(" ", "")


def linkify(text: str) -> Markup:
    out, last = [], 0
    for m in _TOKEN.finditer(text or ""):
        out.append(escape(text[last : m.start()]))
        if m.group("url"):
            url = m.group("url")
            out.append(Markup('<a href="{0}">{0}</a>').format(url))
        else:
            number = m.group("phone")
            href = "sms:85258" if number == "85258" else phone_href(number)
            cls = "call" if number in ("999", "111") else "phone"
            out.append(Markup('<a class="{}" href="{}">{}</a>').format(cls, href, number))
        last = m.end()
    out.append(escape((text or "")[last:]))
    return Markup("").join(out)
