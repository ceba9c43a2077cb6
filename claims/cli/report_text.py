"""`claims stats` as text: the desk's figures in a few aligned tables."""

from __future__ import annotations

from claims.cli.render import table
from claims.printable import printable
from claims.report.figures import PERSON_HEADINGS, PERSON_KINDS, DeskFigures
from claims.report.units import duration


def plain(value: object, width: int | None = None) -> str:
    """A stored text made safe for a terminal line (`claims.printable`), clipped."""
    shown = printable(str(value))
    if width is not None and len(shown) > width:
        return shown[: width - 1] + "…"
    return shown


def figures_text(f: DeskFigures) -> str:
    def counts(items: dict[str, int], labels: dict[str, str] | None = None) -> str:
        shown = [f"{plain((labels or {}).get(k, k))} {n}" for k, n in items.items()]
        return ", ".join(shown) or "-"

    published = counts(f.published_by_rating, f.rating_labels)
    lines = [
        table(
            ["FIGURE", "VALUE"],
            [
                ["period", f.period.describe()],
                ["claims", f"{f.claims} registered"],
                ["by status", counts(f.by_status)],
                ["by rating", counts(f.by_rating, f.rating_labels)],
                ["published", published],
                [
                    "to verdict",
                    f"median {duration(f.to_verdict.median)}, 90th percentile "
                    f"{duration(f.to_verdict.p90)} ({_claims(f.to_verdict.count)})",
                ],
                [
                    "to publication",
                    f"median {duration(f.to_publication.median)}, 90th percentile "
                    f"{duration(f.to_publication.p90)} ({_claims(f.to_publication.count)})",
                ],
                ["corrections", str(f.corrections)],
                ["retractions", str(f.retractions)],
            ],
        ),
        "",
    ]
    if f.weeks:
        lines += [
            table(
                ["WEEK", "CHECKED", "PUBLISHED"],
                [[w.label, str(w.checked), str(w.published)] for w in f.weeks],
            ),
            "",
        ]
    if f.people:
        lines += [
            table(
                ["PERSON", *(PERSON_HEADINGS[k].upper().replace(" ", "-") for k in PERSON_KINDS)],
                [
                    [plain(name, 24), *(str(c.get(k, 0)) for k in PERSON_KINDS)]
                    for name, c in f.people.items()
                ],
            ),
            "",
        ]
    if f.amendments:
        lines += [
            table(
                ["WHEN", "BY", "CLAIM", "CHANGE", "NOTE"],
                [
                    [
                        a.at.strftime("%Y-%m-%d %H:%MZ"),
                        plain(a.by or "-", 16),
                        a.claim_id.replace("-", "")[:8],
                        f"{plain(a.old_rating)} -> {plain(a.new_rating)}"
                        if a.kind == "corrected"
                        else "retracted",
                        plain(a.note or "-", 70),
                    ]
                    for a in f.amendments
                ],
            ),
            "",
        ]
    if f.articles:
        lines.append(
            table(
                ["ARTICLE", "DATE", "CLAIMS", "CHECKED", "PUBLISHED", "TITLE"],
                [
                    [
                        a.id.replace("-", "")[:8],
                        plain(a.published or "-"),
                        str(a.claims),
                        str(a.checked),
                        str(a.published_claims),
                        plain(a.title or "-", 60),
                    ]
                    for a in f.articles
                ],
            )
        )
        if f.articles_total > len(f.articles):
            lines.append(f"... and {f.articles_total - len(f.articles)} older articles")
    return "\n".join(lines).rstrip("\n")


def _claims(count: int) -> str:
    return f"{count} claim" if count == 1 else f"{count} claims"
