"""Arrows point inward: navigator/core/ is plain Python in domain sub-packages that import
only core/ (and the standard library and pure third-party libraries), never a web framework,
a database, an SMS or a scheduling library, nor the store, web, channels or service layers.
And service/ is the only way in to store/: web/, channels/, the cli and the scheduler never
import it, and store/ never imports service/, web/ or channels/."""

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


# --- service/ is the only way in to store/ ------------------------------------------------------
# web/, channels/, the cli and the scheduler (and runtime and demo traffic) call service/;
# service/ owns the transaction and calls store/. store/ never reaches back out.
STORE_CALLERS_VIA_SERVICE = (
    "web",
    "channels",
    "cli",
    "scheduler.py",
    "runtime.py",
    "demo_traffic.py",
)
STORE_NEVER_IMPORTS = ("navigator.service", "navigator.web", "navigator.channels")


def _modules_under(names: tuple[str, ...], root: Path = PACKAGE_DIR) -> list[Path]:
    paths = []
    for name in names:
        target = root / name
        paths.extend(sorted(target.rglob("*.py")) if target.is_dir() else [target])
    return paths


def _reaches(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _store_offences(path: Path, root: Path = PACKAGE_DIR) -> list[str]:
    """An outer-layer module importing navigator.store (a relative import resolved too)."""
    rel = path.relative_to(root).as_posix()
    package = ".".join(("navigator", *path.relative_to(root).parent.parts))
    found = []
    for name in sorted(imported_modules(path)):
        absolute = name
        if name.startswith("."):
            level = len(name) - len(name.lstrip("."))
            base = package.split(".")[: len(package.split(".")) - (level - 1)]
            absolute = ".".join([*base, name.lstrip(".")]).rstrip(".")
        if _reaches(absolute, ("navigator.store",)):
            found.append(f"{rel} imports {name} (only service/ may call store/)")
    return found


def _store_reaching_out(path: Path, root: Path = PACKAGE_DIR) -> list[str]:
    rel = path.relative_to(root).as_posix()
    return [
        f"{rel} imports {name} (store/ is the innermost outer layer)"
        for name in sorted(imported_modules(path))
        if _reaches(name, STORE_NEVER_IMPORTS)
    ]


def test_only_service_calls_the_store():
    paths = _modules_under(STORE_CALLERS_VIA_SERVICE)
    assert len(paths) > 20, "the outer layers were not found"
    offenders = [offence for path in paths for offence in _store_offences(path)]
    assert not offenders, offenders


def test_store_never_imports_service_web_or_channels():
    paths = sorted((PACKAGE_DIR / "store").rglob("*.py"))
    assert paths
    offenders = [offence for path in paths for offence in _store_reaching_out(path)]
    assert not offenders, offenders


def test_the_store_check_catches_a_view_or_a_store_reaching_out(tmp_path):
    """The checks themselves can fail: a view importing the store (absolute, from-import,
    relative), and a store module importing the service layer, are reported."""
    web = tmp_path / "web"
    web.mkdir()
    view = web / "view.py"
    view.write_text(
        "from navigator.store import sessions\nimport navigator.store.users\n"
        "from ..store.events import record\nfrom navigator.service import turns\n"
        "from navigator.core.models import Disposition\n",
        encoding="utf-8",
    )
    assert _store_offences(view, root=tmp_path) == [
        "web/view.py imports ..store.events (only service/ may call store/)",
        "web/view.py imports navigator.store (only service/ may call store/)",
        "web/view.py imports navigator.store.users (only service/ may call store/)",
    ]
    store = tmp_path / "store"
    store.mkdir()
    bad = store / "bad.py"
    bad.write_text(
        "from navigator.service import turns\nimport navigator.web.auth\n"
        "from navigator.core.models import Disposition\n",
        encoding="utf-8",
    )
    assert _store_reaching_out(bad, root=tmp_path) == [
        "store/bad.py imports navigator.service (store/ is the innermost outer layer)",
        "store/bad.py imports navigator.web.auth (store/ is the innermost outer layer)",
    ]
