"""`navigator sms`: send one signed test SMS to a running navigator and read its reply.

It builds the form Twilio would post to /sms/inbound, signs it with TWILIO_AUTH_TOKEN for
the URL the server checks (NAVIGATOR_PUBLIC_URL + /sms/inbound), posts it, and returns the
texts of the TwiML reply. Same phone number, same conversation: send the next message to
answer the navigator's question.
"""

from __future__ import annotations

import secrets
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

from twilio.request_validator import RequestValidator

from navigator.channels.twilio import SIGNATURE_HEADER, public_url

TEST_PHONE = "+447700900123"  # Ofcom's drama range: never a real resident
TEST_TO = "+447700900999"
INBOUND_PATH = "/sms/inbound"


def signed_form(text: str, phone: str, token: str, signed_url: str) -> tuple[dict, str]:
    params = {
        "From": phone,
        "To": TEST_TO,
        "Body": text,
        "MessageSid": "SM" + secrets.token_hex(16),
        "AccountSid": "AC" + "0" * 32,
    }
    return params, RequestValidator(token).compute_signature(signed_url, params)


def send(text: str, *, token: str, public_base: str, post_base: str | None = None,
         phone: str = TEST_PHONE, timeout_s: float = 20) -> list[str]:  # fmt: skip
    """Post one signed message; the reply texts. Raises RuntimeError with a plain reason."""
    signed_url = public_url(public_base, INBOUND_PATH)
    target = public_url(post_base or public_base, INBOUND_PATH)
    params, signature = signed_form(text, phone, token, signed_url)
    request = urllib.request.Request(  # noqa: S310 (a URL the operator gives)
        target,
        data=urllib.parse.urlencode(params).encode(),
        headers={SIGNATURE_HEADER: signature},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310
            body = response.read()
    except urllib.error.HTTPError as exc:
        if exc.code == 403:
            raise RuntimeError(
                "403: the server refused the signature. Start it with the same "
                "TWILIO_AUTH_TOKEN and NAVIGATOR_PUBLIC_URL as this command."
            ) from exc
        raise RuntimeError(f"the server answered {exc.code}") from exc
    except urllib.error.URLError as exc:
        raise RuntimeError(f"cannot reach {target} ({exc.reason}): is `make run` going?") from exc
    root = ET.fromstring(body)  # noqa: S314 (TwiML from our own server)
    return [m.text or "" for m in root.iter("Message")]
