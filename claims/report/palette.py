"""Colours, patterns and line styles for statuses and ratings.

The colours are the Okabe-Ito set, chosen to stay apart for the common kinds of
colour blindness; none of them is the only sign: every highlight also has a line
style per status and a printed label, and every chart bar a hatching and its number.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.ratings import RatingScale

# Best to worst for an ordinal scale, then for ratings without a value.
_ORDINAL = ("#0072B2", "#56B4E9", "#009E73", "#F0E442", "#E69F00", "#D55E00")
_OTHER = ("#CC79A7", "#8C8C8C", "#000000")
# SVG/CSS hatchings, by index (see `svg.patterns`): the n-th rating gets the n-th.
PATTERNS = ("solid", "diagonal", "dots", "cross", "horizontal", "vertical", "reverse", "grid")

# How each status underlines a claim in the text, and its colour in charts.
STATUS_LINES: dict[str, tuple[str, str]] = {
    "open": ("dotted", "#8C8C8C"),
    "in-review": ("dashed", "#E69F00"),
    "rejected": ("wavy", "#CC79A7"),
    "approved": ("double", "#56B4E9"),
    "published": ("solid", "#0072B2"),
    "retracted": ("wavy", "#D55E00"),
    "dismissed": ("dotted", "#BBBBBB"),
    "duplicate": ("dotted", "#BBBBBB"),
}


@dataclass(frozen=True)
class Swatch:
    css_class: str
    colour: str
    tint: str
    pattern: str


def tint(colour: str, strength: float = 0.35) -> str:
    """The colour mixed with white (for a highlight behind text)."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 - (255 - c) * strength) for c in rgb]
    return "#" + "".join(f"{c:02X}" for c in mixed)


def rating_swatches(
    scale: RatingScale, extra: list[str] | tuple[str, ...] = ()
) -> dict[str, Swatch]:
    """A swatch per rating key of the scale (best first), then per key in `extra`
    that the scale does not know (a rating of an older scale)."""
    ordinal = sorted(
        (r for r in scale.ratings if r.value is not None), key=lambda r: -(r.value or 0)
    )
    others = [r for r in scale.ratings if r.value is None]
    keys = [r.key for r in ordinal] + [r.key for r in others]
    keys += [k for k in extra if k not in keys]
    colours: list[str] = []
    if ordinal:
        n = len(ordinal)
        colours = [_ORDINAL[round(i * (len(_ORDINAL) - 1) / max(1, n - 1))] for i in range(n)]
    colours += [_OTHER[i % len(_OTHER)] for i in range(len(keys) - len(colours))]
    return {
        key: Swatch(f"r{i}", colour, tint(colour), PATTERNS[i % len(PATTERNS)])
        for i, (key, colour) in enumerate(zip(keys, colours, strict=True))
    }


def status_swatches() -> dict[str, Swatch]:
    return {
        status: Swatch(f"s{i}", colour, tint(colour), PATTERNS[i % len(PATTERNS)])
        for i, (status, (_, colour)) in enumerate(STATUS_LINES.items())
    }
