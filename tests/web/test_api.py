"""POST /api/v1/navigate: the SPEC fields, and hostile input answered with a clear 4xx."""

from __future__ import annotations

import json

import pytest


def test_navigate_returns_the_spec_fields(client):
    response = client.post(
        "/api/v1/navigate", json={"id": "x1", "text": "sore throat, im in Gorton"}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == "x1"
    assert body["disposition"] == "pharmacy"
    assert body["neighbourhood"] == "gorton-levenshulme"
    assert body["topic"] == "sore-throat"
    assert body["reply"]
    assert all({"id", "name", "type"} <= set(s) for s in body["services"])
    assert [line.split(":")[0] for line in body["trace"]][:3] == ["red flags", "topics", "decision"]


def test_emergency_reply_says_999_first(client):
    body = client.post("/api/v1/navigate", json={"text": "cant breathe lips going blue"}).get_json()
    assert body["disposition"] == "emergency_999"
    assert body["reply"].startswith("Call 999 now.")


@pytest.mark.parametrize(
    ("payload", "content_type"),
    [
        (b"\xff\xfe\x00garbage", "application/json"),  # invalid UTF-8
        (b"not json at all", "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (json.dumps({"text": 5}).encode(), "application/json"),
        (json.dumps({"text": "x", "age": "old"}).encode(), "application/json"),
        (json.dumps({"text": "x", "age": 900}).encode(), "application/json"),
        (json.dumps({"text": "x", "postcode": ["M1"]}).encode(), "application/json"),
        (b"text=hello", "application/x-www-form-urlencoded"),
    ],
)
def test_bad_requests_get_a_clear_400(client, payload, content_type):
    response = client.post("/api/v1/navigate", data=payload, content_type=content_type)
    assert response.status_code == 400
    assert response.get_json()["error"]


def test_oversized_body_is_refused_with_413(client):
    response = client.post("/api/v1/navigate", json={"text": "a" * 20_000})
    assert response.status_code == 413
    assert "too large" in response.get_json()["error"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00\x00\x00",
        "😀🤒😷",
        "'; DROP TABLE services; --",
        "<script>alert(1)</script>",
        "a" * 10_000,
        "\u202e\u200b\ufeff",
    ],
)
def test_hostile_text_is_unclear_or_answered_never_500(client, text):
    response = client.post("/api/v1/navigate", json={"text": text})
    assert response.status_code == 200
    body = response.get_json()
    assert body["disposition"]
    assert "<script>" not in body["reply"]


def test_help_pages_render_and_unknown_is_404(client):
    assert client.get("/help/sore-throat").status_code == 200
    assert client.get("/help/../../etc/passwd").status_code == 404
    assert client.get("/help/nope").status_code == 404
