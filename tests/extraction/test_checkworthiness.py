"""Check-worthiness: the features fire on what DOMAIN.md names, and the score follows them."""

from __future__ import annotations

from datetime import date

import pytest

from claims.extraction import DEFAULT_MIN_SCORE, extract_claims
from claims.extraction.extract import MAX_QUOTE_CHARS, analyse
from claims.extraction.model import load_model


def read(sentence: str, published: date | None = None) -> tuple[float, tuple[str, ...]]:
    [claim] = analyse(sentence, published=published)
    return claim.checkworthiness, claim.features


@pytest.mark.parametrize(
    ("sentence", "features"),
    [
        (
            "China's trade with Russia totaled $240 billion last year.",
            {"money", "quantity", "time_anchor"},
        ),
        (
            "Inflation fell to 2.4% in April from 2.9% in March.",
            {"quantity", "time_anchor", "comparison"},
        ),
        (
            "It was the most significant incursion since the invasion began in February 2022.",
            {"comparison", "time_anchor"},
        ),
        ("The two-year-old war has entered a new stage.", {"time_anchor"}),
        (
            "China supplies Russia with key components for weapons production.",
            {"named_actor_action"},
        ),
        (
            "Moscow diverted its energy exports to China and India.",
            {"named_actor_action", "named_entities"},
        ),
        ("The U.S. is bound by law to help defend Taiwan.", {"law"}),
        ("Western sanctions cut Moscow's access to the trading system.", {"law"}),
        ("Putin said in an interview that the Kremlin was ready.", {"attribution"}),
        ("Prices rose sharply, according to Eurostat.", {"attribution", "comparison"}),
    ],
)
def test_verifiable_signals_fire_as_named_features(sentence: str, features: set[str]) -> None:
    _, fired = read(sentence)

    assert features <= set(fired), fired


@pytest.mark.parametrize(
    ("sentence", "feature"),
    [
        ("Is the worst over for households in the eurozone this year?", "question"),
        ("China hopes for the early return of Europe to peace and stability.", "opinion"),
        ('"We appreciate the initiative of our Chinese colleagues," Putin said.', "opinion"),
        ("We should actively look for convergence points between both countries.", "opinion"),
        ("Russia could bring the war to Europe within a year.", "hedge"),
        ("The bank may cut rates if the data keep improving next month.", "conditional"),
        ("The largely symbolic visit stressed the partnership.", "vague"),
        ("We fixed the potholes.", "short"),
    ],
)
def test_questions_opinions_hedges_and_short_sentences_fire_negative_features(
    sentence: str, feature: str
) -> None:
    _, fired = read(sentence)

    assert feature in fired
    assert load_model().feature_weights[feature] < 0


def test_the_score_is_the_logistic_of_the_bias_the_model_and_the_weights_that_fired() -> None:
    import math

    [claim] = analyse("China's trade with Russia totaled $240 billion last year.")
    terms = dict(claim.contributions)
    weights = load_model().feature_weights

    assert list(terms)[:2] == ["bias", "model"]
    assert list(terms)[2:] == list(claim.features)
    assert all(terms[name] == pytest.approx(weights[name], abs=1e-3) for name in claim.features)
    expected = 1 / (1 + math.exp(-sum(terms.values())))
    assert claim.checkworthiness == pytest.approx(expected, abs=2e-3)


def test_a_hedge_lowers_a_prediction_below_the_same_statement_of_fact() -> None:
    fact, _ = read("Russia brought its war to Europe in 2024, NATO officials said.")
    prediction, _ = read("Russia could bring its war to Europe in 2024, NATO officials said.")

    assert prediction < fact


def test_a_year_after_the_publication_date_marks_a_prediction() -> None:
    sentence = "The company will build 10,000 homes by 2028."

    _, undated = read(sentence)
    _, dated = read(sentence, published=date(2024, 11, 6))

    assert "future" not in undated
    assert "future" in dated


@pytest.mark.parametrize(
    "sentence",
    [
        "China's trade with Russia, totaling $240 billion last year, has helped the country.",
        "Novamed recalled 40,000 bottles of the pill in March.",
        "A federal judge on Monday blocked a plan to divert 1.5 billion gallons of water.",
        "Under federal law, companies must report such contamination within three days.",
        "Ellison said the recall would cost the company roughly $45 million.",
    ],
)
def test_concrete_claims_score_above_the_default_threshold(sentence: str) -> None:
    score, _ = read(sentence)

    assert score >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize(
    "sentence",
    [
        "Is the drug safe?",
        "Households hope the relief will last.",
        "Many economists think so, though few are ready to say it out loud.",
        '"We deeply regret the concern this has caused," said the chief executive.',
        "Critics say the project should never have been approved.",
        "Experts hope the case will lead to stricter testing.",
    ],
)
def test_questions_hopes_and_opinions_score_below_the_default_threshold(sentence: str) -> None:
    score, _ = read(sentence)

    assert score < DEFAULT_MIN_SCORE


def test_extracted_claims_come_in_text_order_and_respect_the_threshold() -> None:
    text = (
        "Is the drug safe? Novamed recalled 40,000 bottles of the pill in March. "
        "Experts hope for stricter testing. "
        "The FDA has recalled drugs from three makers since 2018."
    )

    claims = extract_claims(text)

    assert [c.quote[:9] for c in claims] == ["Novamed r", "The FDA h"]
    assert all(c.checkworthiness >= DEFAULT_MIN_SCORE for c in claims)
    assert extract_claims(text, min_score=1.0) == []
    assert len(extract_claims(text, min_score=0.0)) == 4


def test_a_sentence_longer_than_a_claim_may_be_is_never_a_claim() -> None:
    run_on = "China supplied Russia with $240 billion of goods in 2023 and " * 90 + "more."

    assert len(run_on) > MAX_QUOTE_CHARS
    assert extract_claims(run_on, min_score=0.0) == []
    assert analyse(run_on)[0].features == ("too_long",)
