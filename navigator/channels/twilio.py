"""Twilio adapter: signature check, form -> Inbound, replies -> TwiML, the REST sender.

The signature is computed by Twilio over the exact public URL it called, so the URL is
rebuilt from NAVIGATOR_PUBLIC_URL (behind a TLS proxy Flask would see http://). A missing
header is refused before the validator sees it (it raises on None).
"""

from __future__ import annotations

from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from navigator.core.conversation.conversation import SMS, Inbound, Reply
from navigator.core.privacy import normalise_phone, pseudonym
from navigator.core.untrusted import clean_text

SIGNATURE_HEADER = "X-Twilio-Signature"
OPTED_OUT_ERROR = "21610"  # Twilio: the recipient has replied STOP
FAILED_STATUSES = frozenset({"failed", "undelivered"})
HTTP_TIMEOUT_SECONDS = 30
RECONCILE_SLACK_SECONDS = 120  # clock skew between us and Twilio when matching a message


def public_url(base: str, path: str, query_string: str = "") -> str:
    url = base.rstrip("/") + path
    return f"{url}?{query_string}" if query_string else url


def verify(auth_token: str | None, url: str, params: dict, signature: str | None) -> bool:
    if not signature or not auth_token:
        return False
    try:
        return bool(RequestValidator(auth_token).validate(url, params, signature))
    except (TypeError, ValueError):  # a malformed request is simply not signed
        return False


def inbound_from_form(form, pseudonym_key: str, max_chars: int) -> Inbound:
    raw_from = form.get("From", "")
    phone = normalise_phone(raw_from)
    return Inbound(
        SMS,
        pseudonym(phone or raw_from, pseudonym_key),
        clean_text(str(form.get("Body", "")))[:max_chars],
        phone=phone,
    )


def twiml(replies: list[Reply]) -> str:
    response = MessagingResponse()
    for reply in replies:
        response.message(reply.text)
    return str(response)


class TwilioSender:
    """Sends through the Twilio REST API. Never called by the tests (they use the outbox)."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        from_number: str,
        status_callback: str | None = None,
    ):
        if not (account_sid and auth_token and from_number):
            raise ValueError(
                "the twilio backend needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN "
                "and TWILIO_FROM_NUMBER"
            )
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        # Bounded, and shorter than NAVIGATOR_NUDGE_LEASE_SECONDS: a call still running when
        # its lease ends could otherwise be reconciled (and resent) by another sweep.
        http = TwilioHttpClient(timeout=HTTP_TIMEOUT_SECONDS)
        self.client = Client(account_sid, auth_token, http_client=http)
        self.from_number = from_number
        self.status_callback = status_callback

    def send(self, to: str, body: str, *, key: str | None = None) -> str:
        sender = (
            {"messaging_service_sid": self.from_number}
            if self.from_number.startswith("MG")
            else {"from_": self.from_number}
        )
        extra = {"status_callback": self.status_callback} if self.status_callback else {}
        message = self.client.messages.create(to=to, body=body, **sender, **extra)
        return message.sid

    def find(self, to: str, body: str, *, key: str | None = None, since=None) -> str | None:
        """A message Twilio accepted to this number with this body since `since`, if any.
        (Twilio has no idempotency key; the nudge text is fixed, so body + time matches.)"""
        import datetime as dt

        floor = since - dt.timedelta(seconds=RECONCILE_SLACK_SECONDS) if since else None
        for message in self.client.messages.list(to=to, limit=50):
            created = message.date_created
            if message.body == body and (floor is None or created is None or created >= floor):
                return message.sid
        return None
