"""The routing bar on ../shared/eval/dev.jsonl, with every ../shared/data file imported.

Runs the real `navigator navigate --jsonl` through the shared scorer, as the evaluation does.
Skipped when ../shared is not beside the checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from navigator.paths import SHARED_DIR

SHARED = SHARED_DIR
SCORER = SHARED / "eval" / "score.py"
DEV = SHARED / "eval" / "dev.jsonl"
NAVIGATOR = Path(sys.executable).parent / "navigator"
# A fixed weekday morning, so opening hours (and so the services offered) never depend on
# when the suite runs.
FIXED_NOW = "2026-11-24T10:30"


@pytest.fixture(scope="module")
def imported_db(tmp_path_factory) -> Path:
    if not (SCORER.exists() and (SHARED / "data").is_dir()):
        pytest.skip("../shared is not beside this checkout")
    db = tmp_path_factory.mktemp("eval") / "eval.sqlite3"
    env = {**os.environ, "NAVIGATOR_DATABASE": str(db)}
    subprocess.run(
        [str(NAVIGATOR), "import", "all", str(SHARED / "data")],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return db


def test_dev_cases_meet_the_whole_default_bar(imported_db):
    env = {**os.environ, "NAVIGATOR_DATABASE": str(imported_db)}
    env.pop("NAVIGATOR_MODELS_DIR", None)  # the dev bar is measured with the shipped model
    command = f"{NAVIGATOR} navigate --jsonl --now {FIXED_NOW}"
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(DEV), "--cmd", command, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    figures = json.loads(proc.stdout.splitlines()[0])
    print(proc.stdout.splitlines()[-1])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert figures["dangerous_count"] == 0
    assert figures["emergency"] == 1.0
