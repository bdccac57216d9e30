"""Server-rendered SVG charts for staff pages: no JavaScript, no network, no inline styles
(the content security policy forbids them; SVG presentation attributes are not styles).

Charts take only published values (None where a count is hidden), so a chart never shows
more than its table. Each has a <title> and <desc>, text labels on every bar and point, and a
hidden count is drawn as a gap marked "*", never as zero.
"""

from __future__ import annotations

from html import escape
from itertools import count

WIDTH_PX = 640
ROW_PX = 26  # one bar per row in bar charts
CHAR_PX = 7.5  # a generous width of one 13 px character: labels are laid out, never cut
LABEL_GAP_PX = 16  # the least vertical room between two series names at the line ends
LINE_HEIGHT_PX = 240
PALETTE = ("#005eb8", "#007f3b", "#ae2573", "#8a1538", "#425563")  # NHS blues/greens, AA on white
_ids = count(1)


def _nice_max(values: list[int | None]) -> int:
    top = max([v for v in values if v is not None] or [0])
    for step in (5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000):
        if top <= step * 4:
            return max(step * 4, 5) if top > step * 2 else max(step * 2, 5)
    return top


def _open(kind: str, title: str, desc: str, width: int, height: int) -> tuple[str, list[str]]:
    uid = f"chart{next(_ids)}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-labelledby="{uid}-t {uid}-d">'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
    )
    return uid, [head]


def bar_chart(title: str, desc: str, items: list[tuple[str, int | None]]) -> str:
    """Horizontal bars, one per (label, value); the value is written beside each bar."""
    longest = max([len(label) for label, _ in items] or [10])
    label_px, value_px, bar_room = int(max(120, CHAR_PX * longest + 16)), 60, 330
    width_px = label_px + bar_room + value_px
    height = ROW_PX * len(items) + 10
    top = _nice_max([v for _, v in items])
    _, parts = _open("bars", title, desc, width_px, height)
    for row, (label, value) in enumerate(items):
        y = 5 + row * ROW_PX
        text_y = y + ROW_PX * 0.65
        parts.append(
            f'<text x="{label_px - 8}" y="{text_y:.1f}" text-anchor="end" font-size="13" '
            f'fill="#1b1b1b">{escape(label)}</text>'
        )
        width = 0 if not value else max(1.0, bar_room * value / top)
        if width:
            parts.append(
                f'<rect x="{label_px}" y="{y + 4}" width="{width:.1f}" height="{ROW_PX - 8}" '
                f'fill="{PALETTE[0]}"/>'
            )
        shown = "*" if value is None else str(value)
        parts.append(
            f'<text x="{label_px + width + 6:.1f}" y="{text_y:.1f}" font-size="13" '
            f'fill="#1b1b1b">{shown}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    title: str, desc: str, x_labels: list[str], series: list[tuple[str, list[int | None]]]
) -> str:
    """One line per series over the x labels (weeks). A hidden point breaks the line and is
    marked "*" on the axis; every shown point carries its value as text."""
    longest = max([len(name) for name, _ in series] or [10])
    left, top_px, bottom, plot_w = 50, 16, 40, 440
    right = int(max(150, CHAR_PX * longest + 20))
    width_px = left + plot_w + right
    plot_h = LINE_HEIGHT_PX - top_px - bottom
    top = _nice_max([v for _, values in series for v in values])
    step = plot_w / max(1, len(x_labels) - 1)

    def x(i: int) -> float:
        return left + (i * step if len(x_labels) > 1 else plot_w / 2)

    def y(v: int) -> float:
        return top_px + plot_h - plot_h * v / top

    _, parts = _open("lines", title, desc, width_px, LINE_HEIGHT_PX)
    for tick in (0, top // 2, top):
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="#d8dde0"/><text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" '
            f'font-size="12" fill="#4c6272">{tick}</text>'
        )
    label_px = CHAR_PX * max([len(label) for label in x_labels] or [1]) + 10
    every = max(1, -int(-label_px // step)) if len(x_labels) > 1 else 1  # no two labels touch
    shown = [i for i in range(len(x_labels)) if i % every == 0]
    last = len(x_labels) - 1
    if shown and shown[-1] != last and (last - shown[-1]) * step >= label_px:
        shown.append(last)  # the latest week is the one staff look for
    for i in shown:
        label = x_labels[i]
        parts.append(
            f'<text x="{x(i):.1f}" y="{LINE_HEIGHT_PX - 18}" text-anchor="middle" '
            f'font-size="12" fill="#4c6272">{escape(label)}</text>'
        )
    ends = _spread([_end_y(values, y) for _, values in series], top_px, LINE_HEIGHT_PX - 8)
    for n, (name, values) in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        for run in _runs(values):
            if len(run) > 1:
                points = " ".join(f"{x(i):.1f},{y(value):.1f}" for i, value in run)
                parts.append(
                    f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="3"/>'
                )
        for i, value in enumerate(values):
            if value is None:
                parts.append(
                    f'<text x="{x(i):.1f}" y="{y(0) - 4:.1f}" text-anchor="middle" '
                    f'font-size="13" fill="{colour}">*<title>{escape(name)}: hidden (1-7 or '
                    f"protecting another count)</title></text>"
                )
                continue
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="4" fill="{colour}">'
                f"<title>{escape(name)}, {escape(x_labels[i])}: {value}</title></circle>"
            )
        parts.append(
            f'<text x="{left + plot_w + 10}" y="{ends[n] + 4:.1f}" font-size="13" '
            f'fill="{colour}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _end_y(values: list[int | None], y) -> float:
    last = next((i for i in range(len(values) - 1, -1, -1) if values[i] is not None), None)
    return y(values[last]) if last is not None else y(0)


def _spread(wanted: list[float], low: float, high: float) -> list[float]:
    """Each series name as near its line's end as it can be, at least LABEL_GAP_PX apart."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed: dict[int, float] = {}
    previous = low - LABEL_GAP_PX
    for i in order:
        placed[i] = max(wanted[i], previous + LABEL_GAP_PX)
        previous = placed[i]
    overflow = previous - high
    if overflow > 0:  # pushed past the bottom: shift everything up, keeping the gaps
        placed = {i: v - overflow for i, v in placed.items()}
    return [placed[i] for i in range(len(wanted))]


def _runs(values: list[int | None]) -> list[list[tuple[int, int]]]:
    """Consecutive shown values with their indices: a hidden value breaks the line."""
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for i, value in enumerate(values):
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((i, value))
    if current:
        runs.append(current)
    return runs


__all__ = ["bar_chart", "line_chart"]
