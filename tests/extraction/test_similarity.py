"""Similar claims: the same claim in other words or another wrapper scores high; a claim
that differs in a number, a date or an actor does not, however many words it shares."""

from __future__ import annotations

import json

import pytest

from claims.extraction.similarity import MATCH_SCORE, similarity
from tests.extraction.support import DATA

PAIRS = [
    json.loads(line)
    for line in (DATA / "similar-pairs.jsonl").read_text(encoding="utf-8").splitlines()
]


def precision_recall(pairs: list[dict[str, object]]) -> tuple[float, float]:
    predicted = [similarity(str(p["a"]), str(p["b"])) >= MATCH_SCORE for p in pairs]
    tp = sum(1 for p, hit in zip(pairs, predicted, strict=True) if hit and p["same"])
    fp = sum(1 for p, hit in zip(pairs, predicted, strict=True) if hit and not p["same"])
    fn = sum(1 for p, hit in zip(pairs, predicted, strict=True) if not hit and p["same"])
    return tp / (tp + fp), tp / (tp + fn)


def test_the_pairs_file_has_at_least_60_pairs_of_every_kind_with_a_held_out_part() -> None:
    kinds = {p["kind"] for p in PAIRS}

    assert len(PAIRS) >= 60
    assert kinds == {"paraphrase", "wrapper", "shared-words", "number", "date", "actor"}
    assert {p["split"] for p in PAIRS} == {"tuning", "held-out"}
    assert sum(p["split"] == "held-out" for p in PAIRS) >= 20


@pytest.mark.parametrize("split", ["tuning", "held-out"])
def test_precision_is_at_least_09_at_recall_07_on_each_part_of_the_pairs(split: str) -> None:
    precision, recall = precision_recall([p for p in PAIRS if p["split"] == split])

    assert precision >= 0.9
    assert recall >= 0.7


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Exports rose 12 percent in 2023.", "Exports rose 21 percent in 2023."),
        ("Exports rose 12 percent in 2023.", "Exports rose 12 percent in 2022."),
        ("Exports rose 12 percent in March.", "Exports rose 12 percent in April."),
        ("Russia sent 3,000 drones to the front.", "Iran sent 3,000 drones to the front."),
    ],
)
def test_claims_differing_only_in_a_number_date_or_actor_are_not_candidates(a: str, b: str) -> None:
    assert similarity(a, b) < MATCH_SCORE


def test_the_same_quote_in_another_attribution_wrapper_is_a_candidate() -> None:
    a = '"Exports rose 12 percent in 2023," the minister said.'
    b = "According to the trade ministry, exports rose 12 percent in 2023."

    assert similarity(a, b) >= MATCH_SCORE


def test_a_claim_is_its_own_best_match_and_unrelated_claims_score_low() -> None:
    text = "The city spent $12 million on road repairs in 2024."

    assert similarity(text, text) == 1.0
    assert similarity(text, "Measles cases doubled in Europe.") < 0.2
