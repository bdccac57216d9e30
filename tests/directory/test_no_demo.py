"""No resident answer from any route contains a demo entry when demo mode is off (issue 11):
every dev message and every neighbourhood x service-type question, through the navigator the
CLI uses, the JSON API and the web chat; and in demo mode every answer says it is a demo."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from navigator.core.conversation.navigate import NavigateRequest
from navigator.core.directory.search import SearchQuery
from navigator.core.models import Disposition, ServiceType
from navigator.core.places.neighbourhoods import load_neighbourhoods
from navigator.paths import DIRECTORY_DIR, SHARED_DIR

NOW = dt.datetime(2026, 11, 24, 10, 30, tzinfo=ZoneInfo("Europe/London"))
DEV = SHARED_DIR / "eval" / "dev.jsonl"
GEOGRAPHY = load_neighbourhoods()
NEIGHBOURHOODS = [(n["id"], n["area"], n["name"]) for n in GEOGRAPHY["neighbourhoods"]]
TYPES = [t.value for t in ServiceType]


def _demo_entries() -> tuple[set[str], set[str]]:
    ids, names = set(), set()
    for path in (DIRECTORY_DIR / "services").glob("*.yaml"):
        for service in yaml.safe_load(path.read_text()).get("services") or []:
            if service.get("demo"):
                ids.add(service["id"])
                names.add(service["name"])
    return ids, names


DEMO_IDS, DEMO_NAMES = _demo_entries()


def _dev_requests() -> list[dict]:
    if not DEV.exists():
        pytest.skip("../shared/eval/dev.jsonl is not available")
    return [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]


def _questions() -> list[dict]:
    return [
        {"text": f"where is the nearest {kind.replace('_', ' ')}", "postcode": nb_id}
        for nb_id, _, _ in NEIGHBOURHOODS
        for kind in TYPES
    ]


def assert_nothing_invented(answer: dict, where: str) -> None:
    for service in answer.get("services") or []:
        assert not service.get("demo") and service["id"] not in DEMO_IDS, (where, service)
    reply = answer.get("reply") or ""
    assert "Demo" not in reply and "DEMONSTRATION" not in reply, where
    assert not any(name in reply for name in DEMO_NAMES), where


def test_the_database_does_hold_demo_entries(imported_db):
    """The proof below means something only if the entries are there to leak."""
    import sqlite3

    count = sqlite3.connect(imported_db).execute("SELECT COUNT(*) FROM services WHERE demo = 1")
    assert count.fetchone()[0] == len(DEMO_IDS) > 0


def test_no_demo_entry_in_any_answer_to_a_dev_message_or_a_service_question(navigator_off):
    requests = [*_dev_requests(), *_questions()]
    for number, data in enumerate(requests):
        result = navigator_off.navigate(NavigateRequest.from_json(data), NOW)
        assert_nothing_invented(result.to_json(), f"request {number}")


@pytest.mark.parametrize(("nb_id", "area"), [(n, a) for n, a, _ in NEIGHBOURHOODS])
def test_no_demo_entry_from_a_search_for_any_service_type(navigator_off, nb_id, area):
    for disposition in (Disposition.COMMUNITY, Disposition.URGENT_CARE, Disposition.GP):
        query = SearchQuery(disposition, NOW, topic_types=tuple(TYPES),
                            neighbourhoods=(nb_id,), areas=(area,))  # fmt: skip
        for found in navigator_off.search(query).results:
            assert not found.profile.demo, (nb_id, found.profile.id)


def _app(db: Path, demo: str):
    from navigator import create_app

    return create_app({"NAVIGATOR_DATABASE": str(db), "TESTING": True, "NAVIGATOR_DEMO_MODE": demo})


def test_the_api_and_web_chat_show_no_demo_entry(imported_db):
    client = _app(imported_db, "false").test_client()
    for number, data in enumerate([*_dev_requests(), *_questions()[::7]]):
        answer = client.post("/api/v1/navigate", json=data).get_json()
        assert_nothing_invented(answer, f"api request {number}")
    page = client.get("/chat").get_data(as_text=True)
    assert "demonstration" not in page.lower()
    for nb_id, _, name in NEIGHBOURHOODS:  # the chat page, a fresh conversation each time
        chat = _app(imported_db, "false").test_client()
        page = chat.get("/chat").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        for text in (f"I feel lonely, I live in {name}", f"deep cut on my hand, im in {name}"):
            reply = chat.post("/chat/messages", json={"text": text},
                              headers={"X-CSRFToken": token})  # fmt: skip
            assert reply.status_code == 200, reply.data
            assert_nothing_invented({"reply": json.dumps(reply.get_json())}, f"chat {nb_id}")


def test_demo_mode_marks_every_page_and_answer(imported_db):
    client = _app(imported_db, "true").test_client()
    for path in ("/", "/chat"):
        assert "demonstration" in client.get(path).get_data(as_text=True).lower(), path
    answer = client.post("/api/v1/navigate", json={"text": "lonely", "postcode": "M14 5"})
    assert "DEMONSTRATION ONLY" in answer.get_json()["reply"]
