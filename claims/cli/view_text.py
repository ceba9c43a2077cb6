"""How each view reads on a terminal: the claims table, a claim, its history and
diff, the activity log, the rating scale and a verification. The output primitives
(tables, JSON, stdout and stderr) are `claims.cli.render`'s."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

from claims.cli.render import clip, short, table, when
from claims.printable import printable

if TYPE_CHECKING:
    from claims.audit.verify import Verification
    from claims.views import (
        ActivityEntry,
        ClaimDiff,
        ClaimSummary,
        ClaimView,
        HistoryEntry,
        ScaleView,
    )


def _lines(lines: Iterable[str]) -> str:
    return "\n".join(printable(line) for line in lines)


def claims_table(rows: Sequence[ClaimSummary]) -> str:
    if not rows:
        return "no claims"
    return table(
        ["ID", "STATUS", "RATING", "SPEAKER", "ASSIGNEE", "CLAIM"],
        [
            [
                short(r.id),
                r.status,
                r.rating or "-",
                clip(r.speaker or "-", 20),
                r.assignee or "-",
                clip(r.text, 70),
            ]
            for r in rows
        ],
    )


def claim_detail(view: ClaimView) -> str:
    lines = [
        f"claim     {view.id}",
        f"status    {view.status}  (version {view.version}, last change {when(view.last_change)})",
        f"text      {view.text}",
        f"quote     “{view.quote}”",
    ]
    if view.article_id is not None:
        span = f" chars {view.span[0]}-{view.span[1]}" if view.span else ""
        lines.append(f"article   {view.article_id}{span}")
    lines.append(f"speaker   {view.speaker or '-'}")
    if view.checkworthiness is not None:
        lines.append(f"score     {view.checkworthiness:.2f}")
    lines.append(f"assignee  {view.assignee or '-'}")
    lines.append(f"registered by {view.registered_by} at {when(view.registered_at)}")
    if view.verdict is not None:
        v = view.verdict
        lines.append(
            f"verdict   {v.rating} ({v.rating_label}) by {v.recorded_by} at "
            f"{when(v.recorded_at)}; review: {v.review}"
            + (f" by {v.reviewed_by}" if v.reviewed_by else "")
        )
        lines.append(f"          {v.rationale}")
        if v.rejection_reason:
            lines.append(f"          rejected: {v.rejection_reason}")
    if view.published_at is not None:
        lines.append(f"published by {view.published_by} at {when(view.published_at)}")
    for c in view.corrections:
        lines.append(
            f"corrected {c.old_rating} -> {c.new_rating} by {c.corrected_by} at "
            f"{when(c.corrected_at)}: {c.note}"
        )
    for r in view.retractions:
        lines.append(
            f"retracted {r.rating} (published {when(r.published_at)}) by {r.retracted_by} at "
            f"{when(r.retracted_at)}: {r.reason}"
        )
        lines.extend(
            f"          it had been corrected {c.old_rating} -> {c.new_rating} by "
            f"{c.corrected_by} at {when(c.corrected_at)}: {c.note}"
            for c in r.corrections
        )
    if view.dismissed_reason:
        lines.append(f"dismissed {view.dismissed_reason}")
    if view.duplicate_of:
        lines.append(f"duplicate of {view.duplicate_of}")
    if view.evidence:
        lines.append("evidence")
        for e in view.evidence:
            state = f" WITHDRAWN: {e.withdrawn_reason}" if e.withdrawn else ""
            consulted = f", consulted {e.accessed_on}" if e.accessed_on else ""
            lines.append(f"  {e.id}  {e.stance:<8} {e.url} ({e.added_by}{consulted}){state}")
            lines.append(f"      “{clip(e.quote, 100)}”")
    for n in view.notes:
        lines.append(f"note      {n.by} at {when(n.at)}: {n.text}")
    return _lines(lines)


def history_lines(entries: Sequence[HistoryEntry]) -> str:
    lines = (
        f"{e.version:>4}  {when(e.timestamp)}  {e.actor:<12} {e.type:<18} {_payload(e.payload)}"
        for e in entries
    )
    return _lines(
        line.rstrip() + _entered(e.entered_by) for line, e in zip(lines, entries, strict=True)
    )


def _payload(payload: dict[str, Any]) -> str:
    return " ".join(f"{k}={_json_value(v)}" for k, v in payload.items() if v is not None)


def _json_value(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False)`; strings, most values, take a short cut."""
    if type(value) is str:
        return encode_basestring(value)
    return json.dumps(value, ensure_ascii=False)


def scale_table(view: ScaleView) -> str:
    adopted = (
        f"adopted by {view.adopted_by} at {when(view.adopted_at)}"
        if view.adopted_by is not None and view.adopted_at is not None
        else "built in"
    )
    rows = table(
        ["KEY", "LABEL", "VALUE"],
        [[r.key, r.label, "-" if r.value is None else str(r.value)] for r in view.ratings],
    )
    return f"{printable(f'scale {view.name} ({adopted})')}\n{rows}"


def diff_lines(result: ClaimDiff) -> str:
    lines = [f"claim {result.claim_id}: version {result.from_version} -> {result.to_version}"]
    if not result.changes:
        lines.append("  no field changed")
    for change in result.changes:
        before = json.dumps(change.before, ensure_ascii=False)
        after = json.dumps(change.after, ensure_ascii=False)
        lines.append(f"  {change.field}: {before} -> {after}")
    lines.append("events in between:")
    return _lines(lines) + "\n" + history_lines(result.events)


def activity_line(entry: ActivityEntry) -> str:
    line = (
        f"{entry.position:>8}  {when(entry.timestamp)}  {entry.actor or '-':<12} "
        f"{entry.aggregate:<7} {short(entry.aggregate_id)} v{entry.version:<4} "
        f"{entry.type:<18} {_payload(entry.payload)}"
    )
    return printable(line.rstrip() + _entered(entry.entered_by))


def _entered(entered_by: str | None) -> str:
    """Whoever ran the command, when it was not the actor, at the end of its line."""
    return f" (entered by {entered_by})" if entered_by else ""


def verification_json(result: Verification) -> dict[str, Any]:
    broken = result.first_break
    return {
        "intact": result.intact,
        "events": result.events,
        "aggregates": result.aggregates,
        "root": result.root,
        "position": result.position,
        "first_break": None
        if broken is None
        else {
            "position": broken.position,
            "aggregate_id": broken.aggregate_id,
            "version": broken.version,
            "problem": broken.problem,
        },
        "anchor": None if result.anchor is None else str(result.anchor),
        "anchor_problem": result.anchor_problem,
        "stamp_mismatches": result.stamp_mismatches,
        "first_stamp_mismatch": result.first_stamp_mismatch,
    }


def verification_text(result: Verification) -> str:
    if result.first_break is not None:
        return printable(f"BROKEN after {result.events} intact events: {result.first_break}")
    lines = [
        f"intact: {result.events} events of {result.aggregates} aggregates; "
        f"root {result.root}@{result.position}"
    ]
    if result.anchor is not None:
        lines.append(
            f"anchor {result.anchor}: "
            + (result.anchor_problem or "matches: the log up to it was not rewritten")
        )
    if result.stamp_mismatches:
        lines.append(
            f"NOT WHO THEY SAY: {result.stamp_mismatches} events name an actor other than the "
            f"role that inserted them; the first: {result.first_stamp_mismatch}"
        )
    return _lines(lines)
