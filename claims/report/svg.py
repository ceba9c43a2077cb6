"""Charts as inline SVG: horizontal bars for counts, grouped columns per week.

Every bar carries its number as text and a hatching besides its colour, so a chart
reads the same in black and white; labels are escaped like any other text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from claims.report.html import text


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    colour: str
    pattern: str


def patterns(prefix: str, bars: Sequence[tuple[str, str]]) -> str:
    """`<defs>` with one hatched fill per (pattern, colour), named `{prefix}-{index}`."""
    shapes = {
        "solid": "",
        "diagonal": '<path d="M0,8 L8,0" stroke="#000" stroke-opacity=".45" stroke-width="1.5"/>',
        "reverse": '<path d="M0,0 L8,8" stroke="#000" stroke-opacity=".45" stroke-width="1.5"/>',
        "dots": '<circle cx="4" cy="4" r="1.6" fill="#000" fill-opacity=".45"/>',
        "cross": '<path d="M0,8 L8,0 M0,0 L8,8" stroke="#000" stroke-opacity=".4"/>',
        "horizontal": '<path d="M0,4 H8" stroke="#000" stroke-opacity=".45" stroke-width="1.5"/>',
        "vertical": '<path d="M4,0 V8" stroke="#000" stroke-opacity=".45" stroke-width="1.5"/>',
        "grid": '<path d="M0,4 H8 M4,0 V8" stroke="#000" stroke-opacity=".35"/>',
    }
    defs = []
    for i, (pattern, colour) in enumerate(bars):
        defs.append(
            f'<pattern id="{prefix}-{i}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{text(colour)}"/>{shapes.get(pattern, "")}'
            "</pattern>"
        )
    return f"<defs>{''.join(defs)}</defs>"


def bar_chart(prefix: str, title: str, bars: Sequence[Bar], width: int = 640) -> str:
    """Horizontal bars, one per label, with the value after each bar."""
    row, label_width, gap = 26, 150, 8
    height = row * max(1, len(bars)) + 10
    top = max((b.value for b in bars), default=0) or 1
    room = width - label_width - 60
    parts = [
        f'<svg class="chart" role="img" aria-label="{text(title)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{text(title)}</title>",
        patterns(prefix, [(b.pattern, b.colour) for b in bars]),
    ]
    for i, bar in enumerate(bars):
        y = 5 + i * row
        length = round(room * bar.value / top)
        parts.append(
            f'<text x="{label_width - gap}" y="{y + 17}" text-anchor="end">{text(bar.label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{max(length, 1)}" height="{row - 8}" '
            f'fill="url(#{prefix}-{i})" stroke="#333" stroke-width=".5"/>'
            f'<text x="{label_width + length + gap}" y="{y + 17}">{bar.value}</text>'
        )
    if not bars:
        parts.append('<text x="10" y="20">nothing in this period</text>')
    parts.append("</svg>")
    return "".join(parts)


def weekly_chart(
    prefix: str,
    title: str,
    weeks: Sequence[tuple[str, int, int]],
    series: tuple[tuple[str, str, str], tuple[str, str, str]],
    width: int = 760,
) -> str:
    """Two columns per week (label, first value, second value); `series` names each
    column's (label, colour, pattern). Week labels are thinned out to fit."""
    height, left, bottom, top_pad = 240, 40, 46, 28
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    peak = max((max(a, b) for _, a, b in weeks), default=0) or 1
    step = plot_w / max(1, len(weeks))
    column = max(1.0, min(18.0, step / 2 - 2))
    every = max(1, round(len(weeks) / 12))
    parts = [
        f'<svg class="chart" role="img" aria-label="{text(title)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{text(title)}</title>",
        patterns(prefix, [(s[2], s[1]) for s in series]),
    ]
    for k in range(5):
        value = round(peak * k / 4)
        y = top_pad + plot_h - plot_h * value / peak
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="small">{value}</text>'
        )
    for i, (label, first, second) in enumerate(weeks):
        x = left + i * step + step / 2
        for j, value in enumerate((first, second)):
            h = plot_h * value / peak
            bx = x - column - 1 if j == 0 else x + 1
            parts.append(
                f'<rect x="{bx:.1f}" y="{top_pad + plot_h - h:.1f}" width="{column:.1f}" '
                f'height="{max(h, 0):.1f}" fill="url(#{prefix}-{j})" stroke="#333" '
                f'stroke-width=".5"><title>{text(label)}: {value} '
                f"{text(series[j][0])}</title></rect>"
            )
        if i % every == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                f'class="small">{text(label)}</text>'
            )
    for j, (name, _, _) in enumerate(series):
        x = left + j * 170
        parts.append(
            f'<rect x="{x}" y="4" width="14" height="14" fill="url(#{prefix}-{j})" '
            f'stroke="#333" stroke-width=".5"/><text x="{x + 20}" y="16">{text(name)}</text>'
        )
    if not weeks:
        parts.append(f'<text x="{left + 10}" y="{top_pad + 30}">nothing in this period</text>')
    parts.append("</svg>")
    return "".join(parts)
