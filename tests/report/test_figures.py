"""The desk's figures, read from the read models, on every store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from claims.application import ClaimsLedger
from claims.report.figures import Durations, desk_figures
from claims.report.period import Period
from domain.errors import InvalidInput
from tests.report.support import CHECKER, EDITOR, build


def test_the_figures_count_every_state_decision_and_person(ledger: ClaimsLedger) -> None:
    scenario = build(ledger)

    f = desk_figures(ledger, Period())

    assert f.claims == 5
    assert f.by_status == {
        "open": 1,
        "in-review": 1,
        "rejected": 0,
        "approved": 0,
        "published": 1,
        "retracted": 1,
        "dismissed": 1,
        "duplicate": 0,
    }
    assert f.by_rating == {"true": 1, "false": 1, "misleading": 1}
    assert f.published_by_rating == {"true": 1}
    assert f.rating_labels["true"] == "True"
    assert (f.corrections, f.retractions) == (1, 1)
    assert [a.kind for a in f.amendments] == ["retracted", "corrected"]  # newest first
    corrected = f.amendments[1]
    assert (corrected.claim_id, corrected.by) == (str(scenario.trade), EDITOR)
    assert (corrected.old_rating, corrected.new_rating) == ("mostly-true", "true")
    assert corrected.note == "Rounding is exact at this precision."
    assert f.amendments[0].note == "The exchange revised its series."
    assert f.people[CHECKER]["verdict"] == 3
    assert f.people[EDITOR] == {
        "verdict": 0,
        "approved": 2,
        "rejected": 0,
        "published": 2,
        "corrected": 1,
        "retracted": 1,
        "dismissed": 1,
    }
    assert f.to_verdict.count == 3
    assert f.to_publication.count == 2
    assert f.to_verdict.median is not None
    assert f.to_verdict.median >= 0
    [week] = f.weeks
    assert (week.checked, week.published) == (3, 2)
    assert week.start.weekday() == 0
    assert f.articles_total == 2
    assert [a.title for a in f.articles] == ["Trade talk", "Putin and Xi meet"]
    assert f.articles[1].claims == 4  # the three registered there and the appearance
    assert f.articles[0].claims == 2


def test_a_period_after_everything_counts_nothing(ledger: ClaimsLedger) -> None:
    build(ledger)
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()

    f = desk_figures(ledger, Period.parse(tomorrow, None))

    assert f.claims == 0
    assert f.weeks == []
    assert f.people == {}
    assert f.amendments == []
    assert f.to_verdict == Durations(0, None, None)
    assert f.articles_total == 0


def test_a_bare_until_date_includes_the_whole_day(ledger: ClaimsLedger) -> None:
    build(ledger)
    today = datetime.now(UTC).date().isoformat()

    f = desk_figures(ledger, Period.parse(today, today))

    assert f.claims == 5
    assert f.corrections == 1


def test_median_and_90th_percentile_use_the_nearest_rank() -> None:
    assert Durations.of([]) == Durations(0, None, None)
    assert Durations.of([5.0]) == Durations(1, 5.0, 5.0)
    assert Durations.of([float(n) for n in range(1, 11)]) == Durations(10, 5.5, 9.0)
    assert Durations.of([float(n) for n in range(1, 12)]) == Durations(11, 6.0, 10.0)


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        ("yesterday", None, "--since 'yesterday' is not an ISO-8601 date or date-time"),
        ("2024-05-02", "2024-05-01", "--since is after --until: the period is empty"),
    ],
)
def test_a_bad_period_is_refused_with_one_line(since: str, until: str | None, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        Period.parse(since, until)


def test_a_bare_date_means_the_start_of_the_day_and_until_its_end() -> None:
    period = Period.parse("2024-05-01", "2024-05-01T12:00:00+02:00")

    assert period.since == datetime(2024, 5, 1, tzinfo=UTC)
    assert period.until == datetime(2024, 5, 1, 10, tzinfo=UTC)
    whole = Period.parse(None, "2024-05-01")
    assert whole.until == datetime(2024, 5, 1, 23, 59, 59, 999999, tzinfo=UTC)
