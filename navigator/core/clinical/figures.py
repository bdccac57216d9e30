"""The first-contact figures from evaluation/README.md, read from its Markdown table.

The figures are copied nowhere by hand: the safety report and the hazard log's `eval:`
references read them here, so a new row (a new set scored once on arrival) shows up in the
next report. Nothing expensive runs: the table is the record of the scoring runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

TABLE_HEADING = "## First-contact figures"


@dataclass(frozen=True)
class FigureTable:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def by_set(self) -> dict[str, dict[str, str]]:
        """Set id (first word of the set cell) -> column -> figure as written."""
        out = {}
        for row in self.rows:
            set_id = row[0].split()[0] if row[0] else ""
            out[set_id] = dict(zip(self.columns, row, strict=False))
        return out


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def parse_first_contact(markdown: str) -> FigureTable:
    """The first Markdown table after the first-contact heading; empty if there is none."""
    _, found, after = markdown.partition(TABLE_HEADING)
    if not found:
        return FigureTable((), ())
    lines = [line for line in after.splitlines() if line.strip()]
    table = []
    for line in lines:
        if line.startswith("#"):
            break
        if line.lstrip().startswith("|"):
            table.append(line)
        elif table:
            break
    if len(table) < 2:
        return FigureTable((), ())
    columns = tuple(_cells(table[0]))
    rows = tuple(tuple(_cells(line)) for line in table[2:] if len(_cells(line)) == len(columns))
    return FigureTable(columns, rows)


def load_first_contact(readme: Path) -> FigureTable:
    path = Path(readme)
    if not path.is_file():
        return FigureTable((), ())
    return parse_first_contact(path.read_text(encoding="utf-8"))


__all__ = ["FigureTable", "load_first_contact", "parse_first_contact"]
