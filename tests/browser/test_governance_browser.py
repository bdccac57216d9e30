"""Headless Chromium: a clinical reviewer logs in, sees what is due, opens a red-flag rule,
sees its diff, approves it, and the audit shows the decision. Skipped when Chromium or
Playwright is missing. Screenshot: tests/artifacts/clinical_review.png."""

from __future__ import annotations

import pytest

from tests.accounts import add_accounts, fresh_app
from tests.browser.conftest import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    live_server,
    playwright_or_skip,
)
from tests.browser.test_admin_browser import PASSWORD, log_in

pytestmark = [pytest.mark.browser]
ITEM = "red_flag:stroke"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    sync_api = playwright_or_skip()
    from navigator.db import connect
    from navigator.runtime import now_london

    db_path = tmp_path_factory.mktemp("clinical-browser") / "navigator.sqlite3"
    app = fresh_app(db_path)
    conn = connect(db_path)
    add_accounts(conn, [("doctor@navigator.example", "clinical_reviewer", None)], now_london(),
                 PASSWORD)  # fmt: skip
    conn.close()
    with live_server(app) as base:
        yield sync_api, base


def test_clinical_reviewer_approves_and_the_audit_shows_it(server):
    sync_api, base = server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            log_in(page, base, "doctor@navigator.example")
            page.wait_for_url(f"{base}/staff/clinical/")
            assert page.locator("h1").inner_text() == "Content review queue"
            due = page.locator("#due-count").inner_text()
            assert int(due.split()[0]) > 200  # everything is draft today
            row = page.locator("#queue tr", has_text=ITEM)
            assert "Draft" in row.locator("td.status").inner_text()
            row.locator(f"a:has-text('{ITEM}')").click()
            assert page.locator("#status").inner_text() == "Draft"
            assert page.locator("#diff .diff-add").count() > 5  # never approved: all new
            assert "id: stroke" in page.locator("#diff").inner_text()
            page.screenshot(path=str(ARTIFACTS / "clinical_review.png"), full_page=True)
            page.select_option("#decision", "approved")
            page.fill("#note", "Checked against nhs.uk Stroke (FAST)")
            page.click("button:has-text('Record decision')")
            page.wait_for_url(f"{base}/staff/clinical/")
            assert "recorded as approved" in page.locator(".flash").inner_text()
            assert page.locator("#queue tr", has_text=ITEM).count() == 0
            page.click("nav >> text=Audit")
            audit = page.locator("#audit tbody tr").first.inner_text()
            assert "doctor@navigator.example" in audit and "approved" in audit and ITEM in audit
        finally:
            browser.close()
