"""A summaries Table as CSV that a spreadsheet shows as text and never runs as a formula."""

from __future__ import annotations

import csv
import io

from navigator.core.reporting.summaries import Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")  # spreadsheet formula triggers


def neutralise(cell: object) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if cell is None else str(cell)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_text(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = [table.corner or table.title, *(c.label for c in table.columns)]
    writer.writerow([neutralise(h) for h in header])
    for row, cells in zip(table.rows, table.cells, strict=True):
        writer.writerow([neutralise(row.label), *(neutralise(c) for c in cells)])
    return out.getvalue()
