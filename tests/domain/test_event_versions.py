"""Events that changed shape read their older stored states (the upcasters alone;
tests/application/test_event_evolution.py runs them on a store from before)."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from domain.claim import Claim


def test_evidence_stored_before_version_2_is_read_as_consulted_on_an_unknown_day() -> None:
    state: dict[str, Any] = {"evidence_id": "e1", "url": "u", "quote": "q", "stance": "context"}

    Claim.EvidenceAdded.upcast_v1_v2(state)

    assert state == {
        "evidence_id": "e1",
        "url": "u",
        "quote": "q",
        "stance": "context",
        "accessed_on": None,
    }


def test_a_duplicate_marked_before_version_2_names_its_original_as_duplicate_of() -> None:
    original = uuid4()
    state: dict[str, Any] = {"original_id": original, "actor": "tom"}

    Claim.MarkedDuplicate.upcast_v1_v2(state)

    assert state == {"duplicate_of": original, "actor": "tom"}
