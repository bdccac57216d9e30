"""Arrows point inward: navigator/core/ is plain Python in domain sub-packages that import
only core/ (and the standard library and pure third-party libraries), never a web framework,
a database, an SMS or a scheduling library, nor the store, web, channels or service layers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from navigator.paths import PACKAGE_DIR

FORBIDDEN_IN_CORE = (
    "flask",
    "flask_login",
    "flask_wtf",
    "flask_limiter",
    "werkzeug",
    "sqlite3",
    "sqlite_utils",
    "twilio",
    "apscheduler",
    "gunicorn",
)
CORE = PACKAGE_DIR / "core"
# core/'s domains (ARCHITECTURE.md); clinical is the clinical safety file (hazard log,
# content reviews, monitoring), a domain of its own beside staff reporting.
CORE_DOMAINS = (
    "places",
    "directory",
    "triage",
    "conversation",
    "editing",
    "reporting",
    "clinical",
)
# Shared by several domains and by the outer layers (web, channels, store).
CORE_SHARED_MODULES = ("models.py", "privacy.py", "untrusted.py")
# Outside core/, core may read only where the project's files are (constants, no I/O).
CORE_MAY_IMPORT = ("navigator.core", "navigator.paths")
MAX_MODULE_LINES = 400  # house rule (ARCHITECTURE.md): split a module by responsibility


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            # a relative import would hide where it points: core spells its imports out
            names.add("." * node.level + (node.module or ""))
    return names


def _offences(path: Path, root: Path = PACKAGE_DIR) -> list[str]:
    rel = path.relative_to(root).as_posix()
    found = []
    for name in sorted(imported_modules(path)):
        top = name.split(".")[0]
        if top in FORBIDDEN_IN_CORE:
            found.append(f"{rel} imports {name}")
        elif name.startswith("."):
            found.append(f"{rel} imports {name} (relative)")
        elif top == "navigator" and not any(
            name == allowed or name.startswith(allowed + ".") for allowed in CORE_MAY_IMPORT
        ):
            found.append(f"{rel} imports {name} (arrows point inward)")
    return found


def test_core_is_domain_sub_packages_and_a_few_shared_modules():
    packages = sorted(p.name for p in CORE.iterdir() if (p / "__init__.py").is_file())
    modules = sorted(p.name for p in CORE.glob("*.py"))
    assert packages == sorted(CORE_DOMAINS)
    assert modules == sorted(CORE_SHARED_MODULES)


@pytest.mark.parametrize("domain", CORE_DOMAINS)
def test_each_core_sub_package_imports_only_core(domain):
    paths = sorted((CORE / domain).rglob("*.py"))
    assert paths, f"core/{domain} is empty"
    offenders = [offence for path in paths for offence in _offences(path)]
    assert not offenders, offenders


def test_core_shared_modules_import_only_core():
    offenders = [o for name in CORE_SHARED_MODULES for o in _offences(CORE / name)]
    assert not offenders, offenders


def test_the_boundary_check_catches_an_outward_import(tmp_path):
    """The check itself can fail: a module reaching for the store, Flask or a relative
    import is reported."""
    fake_core = tmp_path / "core" / "places"
    fake_core.mkdir(parents=True)
    bad = fake_core / "bad.py"
    bad.write_text(
        "import flask\nfrom navigator.store import services\nfrom . import geo\n"
        "from navigator.core.models import Disposition\nfrom navigator.paths import CONTENT_DIR\n",
        encoding="utf-8",
    )
    assert _offences(bad, root=tmp_path) == [
        "core/places/bad.py imports . (relative)",
        "core/places/bad.py imports flask",
        "core/places/bad.py imports navigator.store (arrows point inward)",
    ]


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
