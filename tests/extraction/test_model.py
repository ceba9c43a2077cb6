"""The shipped check-worthiness model: its floor on the CheckThat! dev set, its size, and
that it is read only when a sentence is scored."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from claims.extraction import DEFAULT_MIN_SCORE
from claims.extraction.extract import analyse, score_sentence
from claims.extraction.model import MODEL_FILE, load_model
from tests.extraction.support import ROOT

DEV = ROOT.parent / "shared" / "data" / "checkworthiness" / "dev.tsv"
MODEL_PATH = ROOT / "claims" / "data" / MODEL_FILE


def dev_rows() -> list[tuple[str, bool]]:
    if not DEV.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the CheckThat! dev set is missing: {DEV}")
        pytest.skip("the CheckThat! dev set (../shared/data/checkworthiness) is not here")
    lines = DEV.read_text(encoding="utf-8").splitlines()[1:]
    return [(text, label == "Yes") for _, text, label in (line.split("\t") for line in lines)]


def test_the_shipped_scorer_reaches_f1_086_on_the_checkthat_dev_set() -> None:
    rows = dev_rows()
    picked = [score_sentence(text) >= DEFAULT_MIN_SCORE for text, _ in rows]

    tp = sum(p and y for p, (_, y) in zip(picked, rows, strict=True))
    fp = sum(p and not y for p, (_, y) in zip(picked, rows, strict=True))
    fn = sum(y and not p for p, (_, y) in zip(picked, rows, strict=True))
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert len(rows) == 1032
    assert f1 >= 0.86, (tp, fp, fn)


def test_the_default_threshold_is_the_one_stored_with_the_weights() -> None:
    assert load_model().threshold == DEFAULT_MIN_SCORE


def test_the_model_file_ships_in_the_package_under_5_mb() -> None:
    assert MODEL_PATH.stat().st_size <= 5_000_000


def test_importing_the_extractor_does_not_read_the_model() -> None:
    code = (
        "import claims.extraction, claims.ledger.ingesting\n"
        "from claims.extraction.model import load_model\n"
        "print(load_model.cache_info().currsize)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(ROOT)
    ).stdout

    assert out.strip() == "0"


def test_a_picked_sentence_shows_what_the_words_and_each_feature_added() -> None:
    [claim] = analyse("Inflation fell to 2.4% in April from 2.9% in March.")
    terms = dict(claim.contributions)

    assert set(terms) == {"bias", "model", *claim.features}
    assert "quantity" in claim.features
    assert terms["quantity"] > 0
