"""Error pages in plain English with a way home, a favicon, and chat replies with links."""

from __future__ import annotations

import pytest

from navigator.core.conversation import wording
from navigator.web.linkify import linkify


def test_404_is_a_styled_page_with_a_way_home(client):
    response = client.get("/no-such-page")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert wording.text("web.error.not_found.heading") in page and 'href="/"' in page and "style.css" in page
    assert 'href="tel:999"' in page


def test_403_is_a_styled_page(client):
    response = client.post("/sms/inbound", data={"Body": "hi"})  # unsigned
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "cannot see this page" in page and "Go to the home page" in page


def test_400_is_a_styled_page(app, client):
    from werkzeug.exceptions import BadRequest

    def bad():
        raise BadRequest()

    app.add_url_rule("/test-400", "test_400", bad)
    page = client.get("/test-400").get_data(as_text=True)
    assert "could not read that" in page and "Go to the home page" in page


def test_500_is_a_styled_page_without_a_trace(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def boom():
        raise RuntimeError("secret detail")

    app.add_url_rule("/test-500", "test_500", boom)
    response = app.test_client().get("/test-500")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "something went wrong" in page and "secret detail" not in page
    assert "Go to the home page" in page and "999" in page


def test_api_errors_stay_json(client):
    response = client.get("/api/v1/no-such")
    assert response.status_code == 404 and response.is_json


def test_favicon(client):
    assert 'rel="icon"' in client.get("/").get_data(as_text=True)
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.location.endswith("/static/favicon.svg")
    assert client.get("/static/favicon.svg").status_code == 200


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("Call 999 now.", 'href="tel:999"'),
        ("call 111 and choose option 2", 'href="tel:111"'),
        ("Samaritans free on 116 123", 'href="tel:116123"'),
        ("social care 0161 234 5001, police 101", 'href="tel:01612345001"'),
        ("More: https://nav.example/help/fever", 'href="https://nav.example/help/fever"'),
    ],
)
def test_reply_phone_numbers_and_links_are_links(text, link):
    assert link in str(linkify(text))


@pytest.mark.parametrize("text", ["M14 5, 3.3 km", "38.5C for 5 days", "111.nhs.uk", "<b>"])
def test_reply_text_is_escaped_and_numbers_are_not_phones(text):
    html = str(linkify(text))
    assert "tel:" not in html and "<b>" not in html


def test_web_chat_json_carries_linked_html(client):
    from tests.web.test_chat import _csrf, say

    response = say(client, "he is not breathing", _csrf(client))
    (reply,) = response.get_json()["replies"]
    assert reply["emergency"] and 'href="tel:999"' in reply["html"]
