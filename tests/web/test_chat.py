"""The web chat: JSON and plain-form paths on the same engine, CSRF-light, emergencies marked."""

from __future__ import annotations

import re

import pytest


def _csrf(client) -> str:
    page = client.get("/chat")
    assert page.status_code == 200
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def test_the_page_has_a_live_region_a_labelled_box_and_works_without_js(client):
    html = client.get("/chat").get_data(as_text=True)
    assert 'aria-live="polite"' in html and '<label for="chat-text">' in html
    assert 'method="post"' in html and "chat.js" in html


def say(client, text: str, token: str):
    """What chat.js does: JSON body, the token in the X-CSRFToken header."""
    return client.post("/chat/messages", json={"text": text}, headers={"X-CSRFToken": token})


def test_json_conversation_uses_the_same_engine(client):
    token = _csrf(client)
    first = say(client, "I feel lonely", token)
    assert first.status_code == 200
    (question,) = first.get_json()["replies"]
    assert "postcode" in question["text"] and not question["emergency"]
    (answer,) = say(client, "Gorton", token).get_json()["replies"]
    assert answer["text"].startswith("Local services can help.")
    assert "Reply YES" not in answer["text"]  # no phone number on the web: no nudge offer


def test_emergencies_are_marked(client):
    token = _csrf(client)
    (reply,) = say(client, "he's not breathing", token).get_json()["replies"]
    assert reply["emergency"] and reply["text"].startswith("Call 999")
    page = client.get("/chat").get_data(as_text=True)
    assert 'class="navigator emergency"' in page and "Urgent: " in page


def test_the_no_js_form_posts_and_redirects_back_to_the_transcript(client):
    token = _csrf(client)
    response = client.post("/chat", data={"text": "toothache", "csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"].startswith("/chat")
    page = client.get("/chat").get_data(as_text=True)
    assert 'You: </span><span dir="auto">toothache' in page and "postcode" in page


@pytest.mark.parametrize("payload", [{"text": "hi"}, {"text": "hi", "csrf_token": "forged"}])
def test_requests_without_the_token_change_nothing(client, payload):
    _csrf(client)
    assert client.post("/chat/messages", json=payload).status_code in (400, 403)
    assert client.post("/chat", data=payload).status_code in (303, 400, 403)
    assert "You: " not in client.get("/chat").get_data(as_text=True)


def test_bad_json_is_a_clear_400(client):
    token = _csrf(client)
    assert (
        client.post("/chat/messages", data=b"nope", content_type="application/json").status_code
        == 400
    )
    assert say(client, "  ", token).status_code == 400


def test_two_browsers_have_separate_conversations(app):
    one, two = app.test_client(), app.test_client()
    client_token = _csrf(one)
    one.post("/chat/messages", json={"text": "sore throat", "csrf": client_token})
    assert "sore throat" not in two.get("/chat").get_data(as_text=True)
