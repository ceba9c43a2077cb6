"""scripts/eval_extraction.py: figures, errors and the threshold sweep."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Callable
from types import ModuleType

import pytest

from claims.extraction.evaluation import GoldSentence, evaluate, normalise_speaker
from claims.extraction.extract import ExtractedClaim
from tests.extraction.support import ROOT, SEED, SEED_GOLD, SYNTHETIC


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "eval_extraction", ROOT / "scripts" / "eval_extraction.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_extraction"] = module
    spec.loader.exec_module(module)
    return module


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    main: Callable[[list[str]], int] = load_script().main
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_script_reports_precision_recall_f1_and_speaker_accuracy_on_the_seed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, str(SEED), str(SEED_GOLD))

    assert code == 0, out
    assert "min_score 0.62: precision 1.000  recall 0.947  F1 0.973  (tp 18, fp 0, fn 1)" in out
    assert "speaker accuracy 1.000 (7/7)" in out


def test_the_script_lists_each_error_and_sweeps_thresholds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    article, gold = SYNTHETIC["economy"]

    code, out, _ = run(capsys, str(article), str(gold), "--min-score", "0.9", "--sweep")

    assert code == 0, out
    assert "  missed   0.815 [attribution] 'Lagarde has said repeatedly" in out
    assert "min_score  precision  recall  F1     tp  fp  fn" in out
    rows = [line for line in out.splitlines() if re.match(r"\s+0\.\d\d\s+\d\.\d{3}\s", line)]
    assert [row.split()[0] for row in rows] == [f"{0.05 * step:.2f}" for step in range(1, 20)]


def test_the_script_refuses_an_unreadable_article_with_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = ROOT / "tests" / "data" / "does-not-exist.txt"

    code, _, err = run(capsys, str(bad), str(SEED_GOLD))

    assert code == 2
    assert err.startswith("error: ")


def test_speaker_names_match_ignoring_case_accents_punctuation_and_a_leading_the() -> None:
    assert normalise_speaker("Volodymyr Zelenskyy") == normalise_speaker("volodymyr  ZELENSKYY")
    assert normalise_speaker("José Núñez") == normalise_speaker("Jose Nunez")
    assert (
        normalise_speaker("the U.S. Food and Drug Administration")
        == "u s food and drug administration"
    )
    assert normalise_speaker(None) is None


def test_borderline_sentences_count_for_nothing_and_unlabelled_picks_are_false_positives() -> None:
    def claim(span: tuple[int, int], score: float, speaker: str | None = None) -> ExtractedClaim:
        return ExtractedClaim("q", span, "t", speaker, score, ())

    gold = [
        GoldSentence("a", (0, 1), "check-worthy", "Xi Jinping"),
        GoldSentence("b", (2, 3), "borderline", None),
        GoldSentence("c", (4, 5), "not", None),
    ]
    analysed = [
        claim((0, 1), 0.9, "Xi Jinping"),
        claim((2, 3), 0.9),
        claim((4, 5), 0.1),
        claim((6, 7), 0.9),
    ]

    result = evaluate(gold, analysed, min_score=0.5)

    assert (result.true_positives, result.false_positives, result.false_negatives) == (1, 1, 0)
    assert (result.speaker_correct, result.speaker_total) == (1, 1)


def test_the_script_reports_speaker_accuracy_per_pattern_for_each_part(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(
        capsys, "--patterns", str(ROOT / "tests" / "data" / "speaker-patterns.jsonl")
    )

    assert code == 0, out
    assert "tuning: speaker accuracy 1.000 (30/30) by pattern:" in out
    assert "held-out: speaker accuracy 0.800 (12/15) by pattern:" in out
    assert re.search(r"^  apposition\s+3/3$", out, re.MULTILINE)


def test_the_script_without_article_or_patterns_fails_with_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys)

    assert code == 2
    assert err.startswith("error: ")
