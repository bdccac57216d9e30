"""Shared plumbing for the browser tests: Debian's Chromium driven by Playwright, and a
live server for an app on loopback. Tests skip cleanly when either is missing."""

from __future__ import annotations

import contextlib
import shutil
import threading
from pathlib import Path

import pytest

from navigator.paths import REPO_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"


def playwright_or_skip():
    """The Playwright sync API, or a skip when it or Chromium is not installed."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Chromium is not installed")
    return sync_api


@contextlib.contextmanager
def live_server(app):
    """Serve a Flask app on a free loopback port in a thread; yields its base URL."""
    from werkzeug.serving import make_server

    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}"
    finally:
        http.shutdown()
        thread.join(timeout=5)
