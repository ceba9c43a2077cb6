"""Speakers in news prose, pattern by pattern, on our own sentences
(tests/data/speaker-patterns.jsonl: "tuning" cases the rules were written against, and
"held-out" cases written afterwards and never tuned on)."""

from __future__ import annotations

import pytest

from claims.extraction.evaluation import (
    PatternCase,
    load_patterns,
    normalise_speaker,
    speaker_accuracy_by_pattern,
)
from claims.extraction.extract import analyse
from tests.extraction.support import DATA

CASES = load_patterns((DATA / "speaker-patterns.jsonl").read_text(encoding="utf-8").splitlines())
TUNING = [case for case in CASES if case.split == "tuning"]


@pytest.mark.parametrize("case", TUNING, ids=[f"{c.pattern}-{c.text[:30]}" for c in TUNING])
def test_each_attribution_pattern_names_its_speaker(case: PatternCase) -> None:
    found = analyse(case.text)[-1].speaker

    assert normalise_speaker(found) == normalise_speaker(case.speaker)


def test_every_pattern_of_the_issue_has_cases_in_both_parts() -> None:
    patterns = {case.pattern for case in CASES}

    assert patterns >= {
        "title_before_name",
        "apposition",
        "said_colon",
        "participle",
        "typographic_quotes",
        "organisation",
        "reporter_outlet",
        "he_added",
        "surname",
        "unattributed",
    }
    assert {c.pattern for c in CASES if c.split == "held-out"} == patterns


def test_the_held_out_patterns_reach_speaker_accuracy_075() -> None:
    held_out = [case for case in CASES if case.split == "held-out"]
    counts, errors = speaker_accuracy_by_pattern(held_out)

    right = sum(good for good, _ in counts.values())
    assert right / len(held_out) >= 0.75, errors  # measured 12/15


def test_the_outlet_that_reports_is_never_the_speaker() -> None:
    text = "The vote was delayed twice in 2023, as Jane Doe reports for Radio Example."

    assert analyse(text)[-1].speaker is None


def test_he_added_goes_to_the_person_quoted_last_not_the_person_named_last() -> None:
    text = (
        '"We cut emissions by 30% since 2005," said negotiator Li Wei. '
        "Minister Tom Berg also attended the talks. "
        '"Coal use fell by half," he added.'
    )

    assert [c.speaker for c in analyse(text)] == ["Li Wei", None, "Li Wei"]


def test_an_acronym_is_an_organisation_not_a_pronoun() -> None:
    [claim] = analyse("According to WHO, measles cases in Europe doubled in 2023.")

    assert claim.speaker == "WHO"
    assert claim.text == "Measles cases in Europe doubled in 2023"
