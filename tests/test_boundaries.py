"""Arrows point inward: navigator/core/ imports no web framework, database or SMS library."""

from __future__ import annotations

import ast
from pathlib import Path

from navigator.paths import PACKAGE_DIR

FORBIDDEN_IN_CORE = ("flask", "werkzeug", "sqlite3", "sqlite_utils", "twilio", "apscheduler")
CORE = PACKAGE_DIR / "core"
MAX_MODULE_LINES = 500  # house rule is ~400; this catches runaway growth


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_imports_nothing_from_the_outside():
    offenders = []
    for path in sorted(CORE.glob("*.py")):
        for name in imported_modules(path):
            if name.split(".")[0] in FORBIDDEN_IN_CORE:
                offenders.append(f"{path.name} imports {name}")
            if name.startswith(
                (
                    "navigator.web",
                    "navigator.store",
                    "navigator.channels",
                    "navigator.cli",
                    "navigator.runtime",
                    "navigator.db",
                )
            ):
                offenders.append(f"{path.name} imports {name} (arrows point inward)")
    assert not offenders, offenders


def test_only_store_and_schema_modules_run_sql():
    allowed = {"store", "migrations", "db.py", "importers"}
    offenders = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        rel = path.relative_to(PACKAGE_DIR)
        if rel.parts[0] in allowed:
            continue
        text = path.read_text(encoding="utf-8")
        if ".execute(" in text or "executemany(" in text:
            offenders.append(str(rel))
    assert not offenders, f"SQL outside store/: {offenders}"


def test_modules_stay_small():
    big = [
        f"{p.relative_to(PACKAGE_DIR)}: {n}"
        for p in PACKAGE_DIR.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    assert not big, big
