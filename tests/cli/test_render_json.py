"""`--json` output is `json.dumps(..., ensure_ascii=False, indent=2)`, character for
character, whichever encoder writes it; the text history spells values the same way."""

from __future__ import annotations

import json
from typing import Any

import pytest

from claims.cli.render import pretty_json
from claims.cli.view_text import _payload

SAMPLES: list[Any] = [
    [],
    {},
    [{"version": 1, "payload": {"features": [], "span": None, "nested": {"a": [1, {}]}}}],
    {"score": 0.9089, "tiny": 1e-05, "huge": 1e16, "third": 1 / 3, "zero": -0.0},
    {"big": 2**64, "negative": -(2**63) - 1, "flags": [True, False, None]},
    {"text": 'Zoë said “42%”\n\t\\ "quoted" \x00 \x1f \x7f \u2028 😀'},
    {"lone": "\ud800"},
    {"nan": float("nan"), "inf": float("inf")},
    {1: "an int key", "tuple": (1, "two")},
]


@pytest.mark.parametrize("data", SAMPLES)
def test_pretty_json_is_the_standard_librarys_indented_json(data: Any) -> None:
    assert pretty_json(data) == json.dumps(data, ensure_ascii=False, indent=2)


def test_a_history_payload_shows_each_value_as_compact_json_and_leaves_out_nulls() -> None:
    payload = {
        "text": 'Zoë said “42%”\n"quoted"',
        "note": None,
        "checkworthiness": 1e-05,
        "features": ["money", "named_actor"],
        "span_start": 12,
        "withdrawn": False,
    }

    assert _payload(payload) == " ".join(
        f"{key}={json.dumps(value, ensure_ascii=False)}"
        for key, value in payload.items()
        if value is not None
    )
