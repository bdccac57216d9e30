"""The README stays true: every setting, every command, the two set-up commands, the map."""

from __future__ import annotations

import re

from navigator.cli import cli
from navigator.paths import REPO_ROOT
from navigator.settings import SETTINGS

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented():
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in README]
    assert not missing, missing


def test_every_command_is_documented_with_an_example():
    for name, command in cli.commands.items():
        assert f"`navigator {name}`" in README, name
        assert "Example:" in (command.help or ""), f"navigator {name} --help needs an example"


def test_the_two_setup_commands_are_there_and_ci_calls_the_test_one():
    assert re.search(r"^    make run$", README, re.M)
    assert re.search(r"^    make test$", README, re.M)
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def _layout_blocks() -> tuple[str, dict[str, str]]:
    """README's map of navigator/, and the text of each core sub-package's entry."""
    start = README.index("```\nnavigator/\n")
    layout = README[start : README.index("```", start + 3)]
    blocks: dict[str, str] = {}
    current = None
    for line in layout.splitlines():
        if m := re.match(r"^    (\w+)/", line):
            current = m.group(1)
        elif re.match(r"^ {2,4}\S", line):
            current = None
        if current:
            blocks[current] = blocks.get(current, "") + line + "\n"
    return layout, blocks


def test_the_layout_map_names_every_package_module_and_core_domain():
    layout, blocks = _layout_blocks()
    package = REPO_ROOT / "navigator"
    missing = []
    for path in sorted(package.iterdir()):
        if path.name.startswith(("_", ".")) and path.name != "__init__.py":
            continue
        name = f"{path.name}/" if path.is_dir() else path.name
        if (path.is_dir() or path.suffix == ".py") and not re.search(
            rf"^  {re.escape(name)}", layout, re.M
        ):
            missing.append(name)
    core = package / "core"
    for path in sorted(core.glob("*.py")):
        if path.name not in layout:
            missing.append(f"core/{path.name}")
    for domain in sorted(p for p in core.iterdir() if (p / "__init__.py").is_file()):
        block = blocks.get(domain.name)
        if block is None:
            missing.append(f"core/{domain.name}/")
            continue
        missing += [
            f"core/{domain.name}/{m.name}"
            for m in sorted(domain.glob("*.py"))
            if m.stem != "__init__" and not re.search(rf"\b{m.stem}\b", block)
        ]
    assert not missing, f"README's map of navigator/ does not name: {missing}"
