"""The `navigator` command: the group and its options are in base.py, the commands in one
module per group (directory, conversations, operations). `navigator --help` lists them.
"""

from __future__ import annotations

from navigator.cli import conversations, directory, operations  # noqa: F401 - registers commands
from navigator.cli.base import cli

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="navigator")
