"""Shared fixtures: a real SQLite file per test, the app, a client, a fixed clock."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from navigator.core.triage.pipeline import load_knowledge
from navigator.paths import CONTENT_DIR, SHARED_DATA_DIR

LONDON = ZoneInfo("Europe/London")


# Routing and conversation tests pin what the rules decide: apps and commands started by the
# tests run without the learned second opinion unless a test asks for it (tests/test_eval_dev.py
# scores the shipped model; tests/core/test_model.py tests it).
os.environ.setdefault("NAVIGATOR_MODELS_DIR", "/nonexistent-models")


@pytest.fixture(scope="session")
def knowledge():
    """The rules alone: routing tests pin what the explainable first line decides; what the
    learned second opinion adds is measured by the evaluation sets and tests/core/test_model.py."""
    return load_knowledge(str(CONTENT_DIR), "/nonexistent-models")


@pytest.fixture(scope="session")
def knowledge_with_model():
    return load_knowledge(str(CONTENT_DIR))


@pytest.fixture
def now():
    """A Tuesday mid-morning in winter: most services are open."""
    return dt.datetime(2026, 11, 24, 10, 30, tzinfo=LONDON)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "navigator.sqlite3"


@pytest.fixture
def app(db_path):
    from navigator import create_app
    from navigator.runtime import initialise

    app = create_app({"NAVIGATOR_DATABASE": str(db_path), "TESTING": True})
    initialise(app.config)  # what `navigator init` does: migrations, the embedded directory
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA_DIR.is_dir():
        pytest.skip("../shared/data is not beside this checkout")
    return SHARED_DATA_DIR
