"""Input that can never be valid is refused with InvalidInput: one line naming the field."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from domain.claim import Claim
from domain.errors import DomainError, InvalidInput, RuleViolation
from tests.domain import given
from tests.domain.given import assert_refused

ARTICLE_ID = UUID("5b0c6d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e")


def register(**change: Any) -> Claim:
    payload: dict[str, Any] = {"text": "Trade rose by 5%.", "quote": "Trade rose.", "by": "alice"}
    payload.update(change)
    return Claim.register(**payload)


BAD_REGISTRATIONS: dict[str, tuple[dict[str, Any], str]] = {
    "empty text": ({"text": ""}, "^text: String should have at least 1 character$"),
    "whitespace-only text": ({"text": " \t\n "}, "^text: String should have at least 1 character$"),
    "text over 5000 characters": (
        {"text": "x" * 5001},
        "^text: String should have at most 5000 characters$",
    ),
    "empty quote": ({"quote": ""}, "^quote: String should have at least 1 character$"),
    "whitespace-only quote": ({"quote": "   "}, "^quote: String should have at least 1 character$"),
    "quote over 5000 characters": (
        {"quote": "q" * 5001},
        "^quote: String should have at most 5000 characters$",
    ),
    "empty speaker": ({"speaker": " "}, "^speaker: String should have at least 1 character$"),
    "speaker over 300 characters": (
        {"speaker": "s" * 301},
        "^speaker: String should have at most 300 characters$",
    ),
    "checkworthiness above 1": (
        {"checkworthiness": 1.01},
        "^checkworthiness: Input should be less than or equal to 1$",
    ),
    "checkworthiness below 0": (
        {"checkworthiness": -0.1},
        "^checkworthiness: Input should be greater than or equal to 0$",
    ),
    "checkworthiness not a number": (
        {"checkworthiness": float("nan")},
        "^checkworthiness: ",
    ),
    "invalid source url": (
        {"source_url": "example dot org"},
        "^source_url: Input should be a valid URL",
    ),
    "source url without http": (
        {"source_url": "mailto:desk@example.org"},
        "^source_url: URL scheme should be 'http' or 'https'$",
    ),
    "span without an article": (
        {"span": (0, 10)},
        "^ClaimDraft: a span needs the article it points into$",
    ),
    "span that starts where it ends": (
        {"span": (10, 10), "article_id": ARTICLE_ID},
        r"^ClaimDraft: span must be two offsets with 0 <= start < end$",
    ),
    "span that ends before it starts": (
        {"span": (10, 3), "article_id": ARTICLE_ID},
        r"^ClaimDraft: span must be two offsets with 0 <= start < end$",
    ),
    "span before the start of the article": (
        {"span": (-1, 3), "article_id": ARTICLE_ID},
        r"^ClaimDraft: span must be two offsets with 0 <= start < end$",
    ),
    "article id that is not a uuid": (
        {"article_id": "the putin article"},
        "^article_id: Input should be a valid UUID",
    ),
    "empty actor": ({"by": ""}, "^user name '' is empty$"),
    "whitespace-only actor": ({"by": "  "}, "^user name '  ' is empty"),
    "actor with a space": ({"by": "alice b"}, r"^user name 'alice b' holds U\+0020 SPACE"),
    "actor over 63 characters": (
        {"by": "a" * 64},
        r"^user name 'a{40}\.\.\.' has more than 63 characters",
    ),
}


@pytest.mark.parametrize(("change", "message"), BAD_REGISTRATIONS.values(), ids=BAD_REGISTRATIONS)
def test_a_bad_registration_is_refused_with_one_line_naming_the_field(
    change: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as raised:
        register(**change)

    assert "\n" not in str(raised.value)


def test_the_limits_themselves_are_accepted() -> None:
    claim = register(
        text="x" * 5000,
        quote="q" * 5000,
        speaker="s" * 300,
        checkworthiness=1.0,
        by="a" * 63,
        article_id=ARTICLE_ID,
        span=(0, 1),
    )

    [registered] = claim.collect_events()
    assert isinstance(registered, Claim.Registered)
    assert len(registered.text) == 5000
    assert registered.checkworthiness == 1.0
    assert registered.actor == "a" * 63


def test_a_checkworthiness_of_zero_is_kept_not_dropped() -> None:
    claim = register(checkworthiness=0.0)

    [registered] = claim.collect_events()
    assert isinstance(registered, Claim.Registered)
    assert registered.checkworthiness == 0.0


def test_invalid_input_is_a_domain_error_but_not_a_rule_violation() -> None:
    assert issubclass(InvalidInput, DomainError)
    assert not issubclass(InvalidInput, RuleViolation)


BAD_COMMAND_INPUT: dict[str, tuple[Any, str]] = {
    "assign to nobody": (lambda c: c.assign("", by="alice"), "^user name '' is empty"),
    "assign to two words": (
        lambda c: c.assign("carol smith", by="alice"),
        r"^user name 'carol smith' holds U\+0020 SPACE",
    ),
    "empty rationale": (
        lambda c: c.record_verdict(rating="true", rationale=" ", by="alice"),
        "^rationale must be 1 to 5000 characters of text$",
    ),
    "rationale over 5000 characters": (
        lambda c: c.record_verdict(rating="true", rationale="r" * 5001, by="alice"),
        "^rationale must be 1 to 5000 characters of text$",
    ),
    "rating in capitals": (
        lambda c: c.record_verdict(rating="TRUE", rationale="r", by="alice"),
        "^rating 'TRUE' is not on the default scale",
    ),
    "empty rating": (
        lambda c: c.record_verdict(rating="", rationale="r", by="alice"),
        "^rating '' is not on the default scale",
    ),
    "empty dismissal reason": (
        lambda c: c.dismiss(reason_text="", by="alice"),
        "^reason must be 1 to 5000 characters of text$",
    ),
    "empty note": (
        lambda c: c.add_note("\n", by="alice"),
        "^note must be 1 to 5000 characters of text$",
    ),
    "note over 5000 characters": (
        lambda c: c.add_note("n" * 5001, by="alice"),
        "^note must be 1 to 5000 characters of text$",
    ),
    "note by nobody": (lambda c: c.add_note("n", by=""), "^user name '' is empty"),
    "verdict by two words": (
        lambda c: c.record_verdict(rating="true", rationale="r", by="alice b"),
        r"^user name 'alice b' holds U\+0020 SPACE",
    ),
    "dismissal by nobody": (
        lambda c: c.dismiss(reason_text="r", by=" "),
        "^user name ' ' is empty",
    ),
}


@pytest.mark.parametrize(("command", "message"), BAD_COMMAND_INPUT.values(), ids=BAD_COMMAND_INPUT)
def test_a_command_with_bad_input_is_refused_with_one_line_naming_the_field(
    command: Any, message: str
) -> None:
    claim = given.registered()

    assert_refused(claim, command, InvalidInput, message)


def test_a_reviewer_with_a_bad_name_is_refused_before_the_four_eyes_rule() -> None:
    claim = given.in_review()

    assert_refused(
        claim, lambda c: c.approve_verdict(by="bob smith"), InvalidInput, "^user name 'bob smith'"
    )
