"""Headless Chromium: staff log in, open the usage summaries on a month of demo traffic, see
charts and tables, filter to a neighbourhood and download a CSV. Skipped when Chromium or
Playwright is missing. Screenshot: tests/artifacts/staff_dashboard.png."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

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
START = dt.date(2026, 10, 26)  # a Monday; four whole weeks of demo traffic
DAYS = 28


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    sync_api = playwright_or_skip()
    from navigator import demo_traffic
    from navigator.db import connect
    from navigator.runtime import LONDON, build_navigator, now_london

    db_path = tmp_path_factory.mktemp("staff-browser") / "navigator.sqlite3"
    app = fresh_app(db_path)
    conn = connect(db_path)
    start = dt.datetime.combine(START, dt.time(), tzinfo=LONDON)
    demo_traffic.generate(conn, build_navigator(conn), app.config, start=start, days=DAYS)
    accounts = (("staff@navigator.example", "staff", None), ("admin@navigator.example", "admin", None))
    add_accounts(conn, accounts, now_london(), PASSWORD)
    conn.close()
    with live_server(app) as base:
        yield sync_api, base


def test_staff_dashboard_on_demo_traffic(server):
    sync_api, base = server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    last = START + dt.timedelta(days=DAYS - 1)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
            blocked = []
            page.on("console", lambda m: blocked.append(m.text) if m.type == "error" else None)
            log_in(page, base, "staff@navigator.example")
            page.goto(f"{base}/staff/?from={START}&to={last}")
            assert page.locator("h1").inner_text() == "Usage summaries"

            charts = page.locator("svg.chart")
            assert charts.count() == 4
            for i in range(charts.count()):
                box = charts.nth(i).bounding_box()
                assert box and box["width"] > 200 and box["height"] > 100  # drawn, not empty
            assert page.locator("svg.lines polyline").count() >= 1
            assert page.locator("svg.bars rect").count() >= 6

            place = page.locator("#table-place table")
            assert place.locator("tbody tr").count() == 19  # 12 + 3 areas + city + 3 more
            header = place.locator("thead th").all_inner_texts()
            assert header[-1] == "Total" and len(header) == 6  # four weeks and a total
            total = place.locator("tbody tr.total td").last.inner_text()
            assert int(total) >= 500 and int(total) % 5 == 0  # about 40 a day, rounded
            cells = page.locator("table.counts td.num").all_inner_texts()
            assert cells and all(c == "*" or int(c) % 5 == 0 for c in cells)
            assert not [m for m in blocked if "Content Security Policy" in m], blocked
            page.screenshot(path=str(ARTIFACTS / "staff_dashboard.png"), full_page=True)

            with page.expect_download() as info:
                page.click("#table-need >> text=Download CSV")
            saved = info.value.path()
            rows = list(csv.reader(io.StringIO(Path(saved).read_text(encoding="utf-8"))))
            assert rows[0][0] == "Need" and rows[-1][0] == "All"
            assert all(c == "*" or int(c) % 5 == 0 for r in rows[1:] for c in r[1:])

            page.select_option("#neighbourhood", "gorton-levenshulme")
            page.click("button:has-text('Show')")
            page.wait_for_url(lambda url: "neighbourhood=gorton-levenshulme" in url)
            page.wait_for_load_state("load")
            rows = page.locator("#table-place tbody th").all_inner_texts()
            assert rows == ["Gorton and Levenshulme", "Central Manchester", "All"]
            assert page.locator("svg.chart").count() == 2  # trends; no bars for one place
        finally:
            browser.close()
