"""`claims scale` shows the scale in force; `claims scale adopt FILE` changes it for
everyone using the store, as an event, and refuses what would strand a verdict."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli.conftest import Desk
from tests.cli.support import assert_one_line_error, assert_utc_iso, invoke, run_process

DEFAULT_TABLE = """\
scale default (built in)
KEY           LABEL         VALUE
true          True          5
mostly-true   Mostly true   4
mixed         Mixed         3
mostly-false  Mostly false  2
false         False         1
misleading    Misleading    -
unproven      Unproven      -
"""

POLITIFACT_TOML = """\
name = "politifact"

[[ratings]]
key = "true"
label = "True"
value = 6

[[ratings]]
key = "mostly-true"
label = "Mostly True"
value = 5

[[ratings]]
key = "half-true"
label = "Half True"
value = 4

[[ratings]]
key = "false"
label = "False"
value = 2

[[ratings]]
key = "pants-on-fire"
label = "Pants on Fire!"
value = 1
"""

FEVER = {
    "name": "fever",
    "ratings": [
        {"key": "supports", "label": "Supported"},
        {"key": "refutes", "label": "Refuted"},
        {"key": "not-enough-info", "label": "Not enough info"},
    ],
}


@pytest.fixture
def politifact(tmp_path: Path) -> Path:
    path = tmp_path / "politifact.toml"
    path.write_text(POLITIFACT_TOML, encoding="utf-8")
    return path


def test_a_new_store_uses_the_built_in_scale(desk: Desk) -> None:
    assert desk.ok("scale").stdout == DEFAULT_TABLE


def test_scale_json_names_the_scale_and_lists_every_rating(desk: Desk) -> None:
    data = desk.json("scale")

    assert data["name"] == "default"
    assert (data["adopted_by"], data["adopted_at"]) == (None, None)
    assert data["ratings"][0] == {"key": "true", "label": "True", "value": 5}
    assert data["ratings"][-1] == {"key": "unproven", "label": "Unproven", "value": None}
    assert len(data["ratings"]) == 7


def test_adopting_a_toml_scale_puts_it_in_force_and_says_who_did_it(
    desk: Desk, politifact: Path
) -> None:
    result = desk.ok("scale", "adopt", str(politifact), user="tom")

    assert result.stdout == "adopted the politifact scale (5 ratings)\n"
    data = desk.json("scale")
    assert data["name"] == "politifact"
    assert data["adopted_by"] == "tom"
    assert_utc_iso(data["adopted_at"])
    assert [r["key"] for r in data["ratings"]] == [
        "true",
        "mostly-true",
        "half-true",
        "false",
        "pants-on-fire",
    ]
    assert desk.ok("scale").stdout.startswith("scale politifact (adopted by tom at ")


def test_verdicts_follow_the_adopted_scale(desk: Desk, claim_id: str, politifact: Path) -> None:
    desk.ok("scale", "adopt", str(politifact))

    data = desk.json("verdict", claim_id, "--rating", "pants-on-fire", "--rationale", "Made up.")
    assert data["verdict"]["rating_label"] == "Pants on Fire!"
    line = assert_one_line_error(
        desk.run("verdict", claim_id, "--rating", "mixed", "--rationale", "Partly."), 2
    )
    assert line.startswith("claims: rating 'mixed' is not on the politifact scale (valid: true,")


def test_a_json_scale_without_numbers_gives_claimreview_only_names(
    desk: Desk, tmp_path: Path, claim_id: str
) -> None:
    path = tmp_path / "fever.json"
    path.write_text(json.dumps(FEVER), encoding="utf-8")
    desk.ok("scale", "adopt", str(path))
    desk.ok("verdict", claim_id, "--rating", "refutes", "--rationale", "The data say no.")
    desk.ok("review", claim_id, "approve", user="bob")
    desk.ok("publish", claim_id, user="bob")

    [document] = json.loads(desk.ok("export", "claimreview").stdout)

    assert document["reviewRating"] == {"@type": "Rating", "alternateName": "Refuted"}


def test_relabelling_a_published_rating_needs_relabel_and_then_exports_follow(
    desk: Desk, published: str, politifact: Path
) -> None:
    [before] = json.loads(desk.ok("export", "claimreview").stdout)
    assert before["reviewRating"]["alternateName"] == "Mostly true"
    events = desk.events()

    line = assert_one_line_error(desk.run("scale", "adopt", str(politifact)), 1)

    assert line == (
        "claims: the politifact scale changes how published fact-checks are rated: "
        "mostly-true ('Mostly true' 4 -> 'Mostly True' 5); "
        "adopt it with --relabel to change their ClaimReview"
    )
    assert desk.events() == events
    desk.ok("scale", "adopt", str(politifact), "--relabel")
    [after] = json.loads(desk.ok("export", "claimreview").stdout)
    assert after["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly True",
        "ratingValue": 5,
        "bestRating": 6,
        "worstRating": 1,
    }


def test_a_scale_that_drops_a_rating_in_use_is_refused(
    desk: Desk, in_review: str, tmp_path: Path
) -> None:
    path = tmp_path / "fever.json"
    path.write_text(json.dumps(FEVER), encoding="utf-8")
    before = desk.events()

    line = assert_one_line_error(desk.run("scale", "adopt", str(path)), 1)

    assert (
        line == "claims: the fever scale lacks ratings that claims carry now: mostly-true (1 claim)"
    )
    assert desk.events() == before
    assert desk.json("scale")["name"] == "default"


def test_adopting_the_scale_already_in_force_is_refused(desk: Desk, politifact: Path) -> None:
    desk.ok("scale", "adopt", str(politifact))
    before = desk.events()

    line = assert_one_line_error(desk.run("scale", "adopt", str(politifact)), 1)

    assert line == "claims: the desk already uses the politifact scale as given"
    assert desk.events() == before


BAD_FILES = {
    "not UTF-8": ("scale.json", b"\xff\xfe{}", "is not UTF-8 text (byte 0)"),
    "not JSON": ("scale.json", b"{name: x}", "is not valid JSON: Expecting property name"),
    "not TOML": ("scale.toml", b"name = ", "is not valid TOML: Invalid value"),
    "not one scale": ("scale.json", b"[]", "must hold one scale: a name and a list of ratings"),
    "one rating": (
        "scale.json",
        json.dumps({"name": "x", "ratings": [{"key": "a", "label": "A"}]}).encode(),
        "ratings: Tuple should have at least 2 items after validation, not 1",
    ),
    "a repeated key": (
        "scale.json",
        json.dumps(
            {"name": "x", "ratings": [{"key": "a", "label": "A"}, {"key": "a", "label": "B"}]}
        ).encode(),
        "two ratings share the key 'a'",
    ),
    "a key with spaces": (
        "scale.json",
        json.dumps(
            {"name": "x", "ratings": [{"key": "a b", "label": "A"}, {"key": "c", "label": "C"}]}
        ).encode(),
        "ratings.0.key: String should match pattern",
    ),
    "a key named like a parameter": (
        "scale.json",
        json.dumps(
            {"name": "x", "ratings": [{"key": "a", "label": "A"}, {"key": "b", "label": "B"}]}
            | {"model": "x"}
        ).encode(),
        "model: Extra inputs are not permitted",
    ),
    "a value that is not a number": (
        "scale.json",
        json.dumps(
            {
                "name": "x",
                "ratings": [{"key": "a", "label": "A", "value": "5"}, {"key": "c", "label": "C"}],
            }
        ).encode(),
        "ratings.0.value: Input should be a valid integer",
    ),
}


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES.values(), ids=BAD_FILES)
def test_a_bad_scale_file_is_one_line_exit_2_and_changes_nothing(
    desk: Desk, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    desk.ok("scale")
    before = desk.events()

    line = assert_one_line_error(desk.run("scale", "adopt", str(path)), 2)

    assert message in line
    assert desk.events() == before


def test_a_missing_scale_file_is_exit_2(desk: Desk, tmp_path: Path) -> None:
    line = assert_one_line_error(desk.run("scale", "adopt", str(tmp_path / "nope.toml")), 2)

    assert line.startswith("claims: cannot read ")


def test_scale_on_an_unreachable_store_is_exit_2() -> None:
    result = invoke(["--db", "/no/such/dir/claims.db", "scale"])

    assert assert_one_line_error(result, 2) == (
        "claims: cannot create database '/no/such/dir/claims.db': "
        "directory '/no/such/dir' does not exist"
    )


def test_a_scale_adopted_by_one_process_is_in_force_in_the_next(
    tmp_path: Path, politifact: Path
) -> None:
    db = str(tmp_path / "desk.db")

    def claims(*args: str) -> subprocess.CompletedProcess[str]:
        return run_process(["--db", db, "--as", "tom", *args], tmp_path)

    adopted = claims("scale", "adopt", str(politifact))
    shown = claims("scale", "--json")

    assert (adopted.returncode, adopted.stderr) == (0, ""), adopted.stderr
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["name"] == "politifact"
