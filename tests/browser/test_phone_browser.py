"""Issue 10 in headless Chromium at phone width (390 px): the issue's conversations replayed
in the web chat, tel: links and 44 px tap targets for 999 and 111, emergency answers as
alerts, no sideways scroll on any page (staff and admin included), chart labels that do
not overlap, styled error pages, a favicon, and axe-core with 0 violations.

axe-core comes from npm (package.json; `make install-test` copies axe.min.js to
tests/browser/vendor/): the axe checks skip without it, the rest still run."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from navigator.core.conversation import wording
from navigator.paths import REPO_ROOT
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, live_server, playwright_or_skip
from tests.browser.test_admin_browser import PASSWORD, log_in
from tests.conversations import CONVERSATIONS, OFFER

pytestmark = pytest.mark.browser
AXE = REPO_ROOT / "tests" / "browser" / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000
STAFF = "staff@navigator.example"
# The web chat offers no follow-up (it needs a phone number): those turns are SMS-only.
WEB_CONVERSATIONS = sorted(
    name for name, turns in CONVERSATIONS.items() if not any(OFFER in t.must for t in turns)
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    sync_api = playwright_or_skip()
    from navigator import create_app, demo_traffic
    from navigator.db import connect
    from navigator.runtime import LONDON, build_navigator, initialise, now_london
    from navigator.store import users as user_store
    from navigator.web.auth import hash_password

    db_path = tmp_path_factory.mktemp("phone-browser") / "navigator.sqlite3"
    app = create_app({"NAVIGATOR_DATABASE": str(db_path)})
    initialise(app.config)
    conn = connect(db_path)
    start = dt.datetime.combine(dt.date(2026, 10, 26), dt.time(), tzinfo=LONDON)
    demo_traffic.generate(conn, build_navigator(conn), app.config, start=start, days=14)
    user_store.create_user(
        conn, email=STAFF, role="staff", organisation_id=None, now=now_london(),
        password_hash=hash_password(PASSWORD),
    )  # fmt: skip
    conn.close()
    with live_server(app) as base, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser, base
        browser.close()


@pytest.fixture
def page(server):
    browser, base = server
    context = browser.new_context(viewport=PHONE, bypass_csp=True)  # lets axe be injected
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.base = base
    yield page
    context.close()


def send(page, text: str, count: int) -> list:
    """Type a message; wait until the navigator has answered it; its new reply items."""
    box = page.get_by_label("Your message")
    box.fill(text)
    box.press("Enter")
    replies = page.locator("#chat-log li.navigator")
    replies.nth(count).wait_for()
    page.wait_for_function("!document.querySelector('#chat-form button').disabled")
    return [replies.nth(i) for i in range(count, replies.count())]


def no_sideways_scroll(page) -> None:
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    culprits = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
    )
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths} {culprits}"


def axe_violations(page) -> list:
    if not AXE.exists():
        pytest.skip("axe-core not installed: run make install-test (needs npm)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result
    ]  # fmt: skip


@pytest.mark.parametrize("name", WEB_CONVERSATIONS)
def test_issue_conversation_in_the_web_chat(page, name):
    import re

    page.goto(f"{page.base}/chat")
    count = 0
    for turn in CONVERSATIONS[name]:
        items = send(page, turn.text, count)
        count += len(items)
        said = "\n".join(item.inner_text() for item in items)
        body = re.sub(r"^(Navigator|Urgent): ", "", said)
        for pattern in turn.must:
            assert re.search(pattern, body, re.I | re.M), (pattern, body)
        for pattern in turn.absent:
            assert not re.search(pattern, body, re.I), (pattern, body)
        if turn.emergency is not None:
            alerts = [i for i in items if i.locator("[role=alert]").count()]
            assert bool(alerts) is turn.emergency, body
    no_sideways_scroll(page)


def test_an_emergency_answer_is_an_alert_with_big_tel_links(page):
    page.goto(f"{page.base}/chat")
    (item,) = send(page, "my dad has crushing chest pain and he's sweating and grey", 0)
    assert item.locator("[role=alert]").count() == 1
    call = item.locator("a[href='tel:999']").first
    box = call.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, box
    for link in page.locator("a[href='tel:999'], a[href='tel:111']").all():
        size = link.bounding_box()
        assert size["height"] >= 44 and size["width"] >= 44, (link.inner_text(), size)
    assert axe_violations(page) == []
    page.reload()  # the no-JavaScript rendering of the same transcript
    assert page.locator("#chat-log li [role=alert] a[href='tel:999']").count() >= 1


def test_service_phones_and_topic_links_are_links(page):
    page.goto(f"{page.base}/chat")
    send(page, "I feel lonely", 0)
    (item,) = send(page, "M14 5", 1)
    hrefs = item.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert "tel:111" in hrefs and "tel:999" in hrefs, hrefs


def test_service_websites_are_links(page):
    page.goto(f"{page.base}/chat")
    (item,) = send(page, "my dad has crushing chest pain", 0)
    links = item.locator(".service-links a")
    assert links.count() >= 1
    assert links.first.get_attribute("href").startswith("https://")
    box = links.first.bounding_box()
    assert box["height"] >= 44, box
    page.reload()
    assert page.locator("#chat-log .service-links a").count() >= 1


@pytest.mark.parametrize("path", ["/", "/chat", "/help/fever", "/no-such-page"])
def test_public_pages_fit_a_phone_and_pass_axe(page, path):
    response = page.goto(f"{page.base}{path}")
    assert response.status == (404 if "no-such" in path else 200)
    no_sideways_scroll(page)
    assert page.locator("link[rel=icon]").count() == 1
    assert axe_violations(page) == []


def test_error_page_is_styled_with_a_way_home(page):
    page.goto(f"{page.base}/no-such-page")
    heading = wording.text("web.error.not_found.heading")
    assert page.get_by_role("heading", name=heading).is_visible()
    page.get_by_role("link", name="Go to the home page").click()
    page.wait_for_url(f"{page.base}/")


@pytest.mark.parametrize("path", ["/staff/", "/admin/", "/admin/review/", "/admin/review/users"])
def test_staff_and_admin_pages_fit_a_phone_and_pass_axe(page, path):
    log_in(page, page.base, STAFF)
    page.wait_for_load_state()
    response = page.goto(f"{page.base}{path}")
    assert response.status == 200, path
    no_sideways_scroll(page)
    assert axe_violations(page) == []


def test_chart_labels_do_not_overlap(page):
    log_in(page, page.base, STAFF)
    page.goto(f"{page.base}/staff/?from=2026-10-26&to=2026-11-08")
    overlaps = page.evaluate(
        """() => {
      const found = [];
      for (const svg of document.querySelectorAll('svg.chart')) {
        const boxes = [...svg.querySelectorAll(':scope > text')].map(t => [t.textContent, t.getBoundingClientRect()]);
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
          const [a, p] = boxes[i], [b, q] = boxes[j];
          if (p.width && q.width && p.left < q.right - 0.5 && q.left < p.right - 0.5 &&
              p.top < q.bottom - 0.5 && q.top < p.bottom - 0.5) found.push([a, b]);
        }
        const frame = svg.getBoundingClientRect();
        for (const [text, box] of boxes) {
          if (box.left < frame.left - 0.5 || box.right > frame.right + 0.5) found.push([text, 'outside']);
        }
      }
      return found;
    }"""
    )
    assert overlaps == [], json.dumps(overlaps)[:500]
    assert page.locator("svg.chart").count() >= 1
