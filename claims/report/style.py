"""The pages' one style sheet: layout, print rules, and a class per status and rating."""

from __future__ import annotations

from claims.report.palette import STATUS_LINES, Swatch

_BASE = """
:root { color-scheme: light; --ink: #1b1b1b; --muted: #5b5b5b; --rule: #d9d9d9; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1280px; padding: 24px 28px 48px; color: var(--ink);
  font: 16px/1.55 Georgia, "DejaVu Serif", serif; background: #fff;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1, h2, h3, h4, .kicker, .meta, summary, table, .legend, .badge, .figures, footer, svg {
  font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
h1 { font-size: 1.9em; line-height: 1.2; margin: 0 0 6px; }
h2 { font-size: 1.25em; margin: 28px 0 10px; border-bottom: 2px solid var(--ink); }
h4 { margin: 14px 0 4px; font-size: .95em; }
.kicker { text-transform: uppercase; letter-spacing: .08em; color: var(--muted); margin: 0;
  font-size: .8em; }
.meta { color: var(--muted); margin: 4px 0 16px; font-size: .92em; }
a { color: #005a8c; }
bdi, .isolate { unicode-bidi: isolate; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: .85em; padding: 10px 12px;
  border: 1px solid var(--rule); border-radius: 6px; margin-bottom: 18px; }
.legend span { white-space: nowrap; }
.legend b { margin-right: 4px; }
.columns { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 28px; }
.article-text { white-space: pre-wrap; overflow-wrap: anywhere; }
mark.hl { color: inherit; cursor: pointer; padding: 1px 0; background: #eeeeee;
  unicode-bidi: isolate;
  text-decoration-line: underline; text-decoration-thickness: 3px;
  text-underline-offset: 3px; text-decoration-skip-ink: none; }
mark.hl:hover, mark.hl.active { outline: 2px solid var(--ink); }
.badge { font-size: .7em; font-weight: 700; line-height: 1; vertical-align: super;
  padding: 1px 4px; border: 1px solid #444; border-radius: 3px; margin-left: 2px;
  white-space: nowrap; text-decoration: none; color: var(--ink); background: #fff;
  unicode-bidi: isolate; }
.cards { display: flex; flex-direction: column; gap: 10px; position: sticky; top: 0;
  max-height: 100vh; overflow-y: auto; padding: 4px 4px 12px 0; }
details.card { border: 1px solid var(--rule); border-left-width: 6px; border-radius: 6px;
  padding: 6px 12px; background: #fff; }
details.card[open] { box-shadow: 0 1px 4px rgba(0,0,0,.12); }
details.card summary { cursor: pointer; font-size: .93em; }
details.card summary .state { display: block; color: var(--muted); font-size: .9em; }
.card-body { font-size: .92em; overflow-wrap: anywhere; }
.card-body dl { display: grid; grid-template-columns: 7.5em minmax(0, 1fr); gap: 2px 10px;
  margin: 8px 0; }
.card-body dt { color: var(--muted); font-family: Arial, sans-serif; font-size: .9em; }
.card-body dd { margin: 0; }
.verdict-label { font-weight: 700; }
.rationale { white-space: pre-wrap; max-height: 24em; overflow: auto; }
ul.evidence, ol.record { padding-left: 1.2em; margin: 4px 0; }
.stance { font: 700 .78em Arial, sans-serif; text-transform: uppercase; padding: 0 4px;
  border: 1px solid currentColor; border-radius: 3px; }
.stance.supports { color: #006e4f; } .stance.refutes { color: #a33b00; }
.stance.context { color: #444; }
.withdrawn { text-decoration: line-through; color: var(--muted); }
time { font-family: Arial, sans-serif; font-size: .9em; color: var(--muted); }
.figures { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.figure { border: 1px solid var(--rule); border-radius: 6px; padding: 10px 14px; min-width: 160px; }
.figure b { display: block; font-size: 1.6em; }
.figure span { color: var(--muted); font-size: .85em; }
table { border-collapse: collapse; width: 100%; font-size: .9em; }
th, td { border-bottom: 1px solid var(--rule); padding: 4px 8px; text-align: left;
  vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 18px; }
svg.chart { max-width: 100%; height: auto; font-size: 12px; }
svg.chart .small { font-size: 10px; fill: #444; }
.note { white-space: pre-wrap; overflow-wrap: anywhere; }
footer { margin-top: 36px; color: var(--muted); font-size: .8em; border-top: 1px solid var(--rule);
  padding-top: 8px; }
@media (max-width: 900px) { .columns { grid-template-columns: 1fr; }
  .cards { position: static; max-height: none; } }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .columns { grid-template-columns: 1fr; }
  .cards { position: static; max-height: none; overflow: visible; }
  details.card { break-inside: avoid; }
  details.card::details-content { content-visibility: visible; display: block; }
  .rationale { max-height: none; overflow: visible; }
  a { color: inherit; }
}
"""


def sheet(ratings: dict[str, Swatch], statuses: dict[str, Swatch]) -> str:
    """The style sheet: the base rules, then one rule per rating and status class
    (a rating tints the highlight; a status draws its line style)."""
    rules = [_BASE]
    for swatch in statuses.values():
        rules.append(f"mark.hl.{swatch.css_class} {{ background: {swatch.tint}; }}")
    for status, swatch in statuses.items():
        line, colour = STATUS_LINES[status]
        rules.append(
            f"mark.hl.{swatch.css_class} {{ text-decoration-style: {line}; "
            f"text-decoration-color: {colour}; }}"
        )
        rules.append(f"details.card.{swatch.css_class} {{ border-left-style: solid; }}")
    for swatch in ratings.values():
        rules.append(
            f"mark.hl.{swatch.css_class} {{ background: {swatch.tint}; }} "
            f"details.card.{swatch.css_class} {{ border-left-color: {swatch.colour}; }} "
            f".swatch.{swatch.css_class} {{ background: {swatch.tint}; "
            f"border-color: {swatch.colour}; }}"
        )
    rules.append(
        ".swatch { display: inline-block; width: 2.2em; height: 1em; vertical-align: middle; "
        "border: 2px solid #8c8c8c; background: #eeeeee; margin-right: 4px; }"
    )
    return "\n".join(rules)
