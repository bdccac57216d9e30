"""The web chat in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright):
a conversation with JavaScript on (no reload, live region, focus kept) and with it off
(plain form posts). Skips cleanly when Chromium or Playwright is missing."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    live_server,
    playwright_or_skip,
)

TIMEOUT_MS = 15_000

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from navigator import create_app
    from navigator.runtime import initialise

    db = tmp_path_factory.mktemp("browser") / "nav.sqlite3"
    app = create_app({"NAVIGATOR_DATABASE": str(db), "TESTING": True})
    initialise(app.config)
    with live_server(app) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    sync_api = playwright_or_skip()
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_chat_with_javascript_no_reload_live_region_focus_kept(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone, first
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{server}/chat")
    page.evaluate("window.__sameDocument = true")  # lost if the page reloads
    box = page.get_by_label("Your message")
    box.fill("I feel lonely")
    box.press("Enter")
    page.locator("#chat-log li.navigator").first.wait_for()
    assert "postcode" in page.locator("#chat-log li.navigator").first.inner_text()
    box.fill("Gorton")
    page.get_by_role("button", name="Send").click()
    page.locator("#chat-log li.navigator").nth(1).wait_for()
    assert "Local services can help" in page.locator("#chat-log li.navigator").nth(1).inner_text()
    assert page.evaluate("window.__sameDocument") is True
    assert page.evaluate("document.activeElement.id") == "chat-text"
    assert page.locator("#chat-log").get_attribute("aria-live") == "polite"
    box.fill("he is not breathing")
    box.press("Enter")
    urgent = page.locator("#chat-log li.emergency")
    urgent.wait_for()
    assert urgent.inner_text().startswith("Urgent: Call 999")
    colour = urgent.evaluate("el => getComputedStyle(el).borderLeftColor")
    assert colour != page.locator("#chat-log li.navigator").first.evaluate(
        "el => getComputedStyle(el).borderLeftColor"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-js.png"), full_page=True)
    context.close()


def test_chat_without_javascript_uses_plain_form_posts(server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{server}/chat")
    page.get_by_label("Your message").fill("toothache")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/chat#latest")
    assert "postcode" in page.locator("#chat-log li.navigator").last.inner_text()
    page.get_by_label("Your message").fill("M14 5")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/chat#latest")
    assert "dentist" in page.locator("#chat-log li.navigator").last.inner_text()
    assert page.locator("#chat-log li.resident").count() == 2
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-no-js.png"), full_page=True)
    context.close()


@pytest.mark.parametrize(
    "message",
    ["أمي سقطت على الأرض ولا ترد علي", "میرے بھائی کو سانس لینے میں بہت مشکل ہو رہی ہے"],
    ids=["arabic", "urdu"],
)
def test_arabic_and_urdu_replies_read_right_to_left(server, browser, message):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{server}/chat")
    box = page.get_by_label("Your message")
    box.fill(message)
    box.press("Enter")
    reply = page.locator("#chat-log li.navigator .reply-text").first
    reply.wait_for()
    assert reply.evaluate("el => el.matches(':dir(rtl)')"), reply.inner_text()
    assert "111" in reply.inner_text()  # the interpreter line or the route, in any language
    page.screenshot(path=str(ARTIFACTS / f"chat_rtl_{message[:4]}.png"))
    context.close()
