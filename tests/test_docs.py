"""The README stays true: every setting, every command, the two set-up commands."""

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
