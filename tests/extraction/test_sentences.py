"""Sentence splitting: exact spans, abbreviations, quotations, dashes, headings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import extract_claims
from claims.extraction.extract import analyse
from claims.extraction.sentences import split_sentences
from tests.extraction.support import SEED, SYNTHETIC, read_article


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.mark.parametrize("path", [SEED, *(article for article, _ in SYNTHETIC.values())])
def test_every_sentence_span_indexes_its_exact_quote(path: Path) -> None:
    article = read_article(path)

    analysed = analyse(article.text, published=article.published)

    assert analysed
    for claim in analysed:
        start, end = claim.span
        assert article.text[start:end] == claim.quote
        assert claim.quote == claim.quote.strip()
    assert [c.span for c in analysed] == sorted(c.span for c in analysed)


def test_the_seed_body_splits_into_its_33_sentences_and_two_section_headings() -> None:
    article = read_article(SEED)

    split = split_sentences(article.text)

    assert len(split) == 33
    headings = [article.text[s.start : s.end] for s in split if s.heading]
    assert headings == [
        "Talk of peace in Ukraine, but no proposals",
        'China and Russia\'s growing "no-limits" relationship',
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. Food and Drug Administration approved it on Monday.",
        "Relations with the U.S. have worsened since the vote.",
        "Dr. Smith met Gov. Harris in Sacramento, Calif., on Jan. 5 to talk.",
        "John F. Kennedy was elected in 1960 by a narrow margin.",
        "Novamed Inc. said it sold 2.5 million bottles, about 3.4% more.",
        "The St. Louis office of Acme Corp. opened at 9 a.m. sharp.",
        "Beijing — Russia-China ties - the closest in years - grew again.",
        "Prices rose... and then they fell again.",
    ],
)
def test_abbreviations_initials_decimals_dashes_and_hyphens_do_not_end_a_sentence(
    text: str,
) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "He moved to Sacramento, Calif. The city welcomed him.",
            ["He moved to Sacramento, Calif.", "The city welcomed him."],
        ),
        (
            "Growth was 2.5 percent in the U.S. The euro fell.",
            ["Growth was 2.5 percent in the U.S.", "The euro fell."],
        ),
        (
            "The meeting ended at 5 p.m. Officials left at once.",
            ["The meeting ended at 5 p.m.", "Officials left at once."],
        ),
        (
            "Shares fell 8%. Is the drug safe? Nobody knows!",
            ["Shares fell 8%.", "Is the drug safe?", "Nobody knows!"],
        ),
    ],
)
def test_an_abbreviation_followed_by_a_sentence_opener_ends_the_sentence(
    text: str, expected: list[str]
) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"We will win," said Jane Doe, a lawyer. She smiled.',
            ['"We will win," said Jane Doe, a lawyer.', "She smiled."],
        ),
        (
            '"Is it over?" Smith asked. Nobody answered.',
            ['"Is it over?" Smith asked.', "Nobody answered."],
        ),
        ('"Why?" he asked. "Because."', ['"Why?" he asked.', '"Because."']),
        (
            'Putin said "we appreciate the initiative." The talks ended.',
            ['Putin said "we appreciate the initiative."', "The talks ended."],
        ),
        ("(He resigned later.) The board met.", ["(He resigned later.)", "The board met."]),
    ],
)
def test_quotations_keep_their_tags_and_closing_marks(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_wrapped_lines_of_a_paragraph_stay_one_sentence_with_the_newline_in_its_span() -> None:
    text = "The central bank kept its rate at 4% for the fifth\nmeeting in a row. Shares rose."

    assert sentences(text) == [
        "The central bank kept its rate at 4% for the fifth\nmeeting in a row.",
        "Shares rose.",
    ]


def test_headings_are_short_unpunctuated_lines_markdown_headings_and_titles_above_a_paragraph() -> (
    None
):
    long_line = (
        "This paragraph is one sentence without a final period but with far more than fifteen "
        "words in it, so it is no heading"
    )
    text = (
        "What happens next\n\n"
        "## Markets react\n\n"
        "Background\n"
        "The water project was approved in 2023 after a decade of planning and a\n"
        "long review.\n\n" + long_line
    )

    split = split_sentences(text)

    assert [(text[s.start : s.end], s.heading) for s in split] == [
        ("What happens next", True),
        ("## Markets react", True),
        ("Background", True),
        (
            "The water project was approved in 2023 after a decade of planning and a\nlong review.",
            False,
        ),
        (long_line, False),
    ]


def test_markdown_list_items_are_sentences_of_their_own_and_not_headings() -> None:
    text = "Key figures:\n\n- Sales rose 5% in March\n- Costs fell 2%\n"

    split = split_sentences(text)

    assert [(text[s.start : s.end], s.heading) for s in split] == [
        ("Key figures:", False),
        ("- Sales rose 5% in March", False),
        ("- Costs fell 2%", False),
    ]


def test_headings_are_never_claims_whatever_the_threshold() -> None:
    text = "Trade rose 40% to $240 billion in 2023\n\nChina's trade with Russia rose 40% in 2023."

    claims = extract_claims(text, min_score=0.0)

    assert [c.quote for c in claims] == ["China's trade with Russia rose 40% in 2023."]
    assert "heading" in analyse(text)[0].features


# --- properties ------------------------------------------------------------------------

# Sentences that end where they should whatever follows them.
POOL = [
    "China's trade with Russia totaled $240 billion last year.",
    "Dr. Anna Weber said inflation fell to 2.4% in April.",
    '"We will not give up," he said.',
    '"Is it over?" Smith asked.',
    "The U.S. Senate voted 51-49 on Jan. 5, 2024.",
    "Is the drug safe?",
    "Officials left at 5 p.m. sharp!",
    "Beijing — Russian President Vladimir Putin arrived on Thursday.",
    "Russia-China military ties have also strengthened - officials say.",
    "Café owners in Zürich paid €1.5 million in fines.",
    "(The ruling was appealed.)",
    "Sales rose... then fell.",
    "“We fixed the potholes,” she said.",
]
SEPARATORS = st.sampled_from([" ", "  ", "\n", "\n\n", " \n\n ", "\t"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(POOL), SEPARATORS), min_size=1, max_size=12))
def test_a_text_made_of_sentences_splits_back_into_exactly_those_sentences(
    parts: list[tuple[str, str]],
) -> None:
    text = "".join(sentence + separator for sentence, separator in parts)

    assert sentences(text) == [sentence for sentence, _ in parts]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(POOL),
            st.text(
                alphabet=st.sampled_from(
                    list("aBc Xy.,!?\"'\u201c\u201d\u2019—-\u2013\n#*()$%0123456789")
                ),
                max_size=60,
            ),
        ),
        max_size=10,
    ),
    st.lists(SEPARATORS, min_size=10, max_size=10),
)
def test_every_extracted_quote_is_exactly_its_span_of_any_text(
    pieces: list[str], separators: list[str]
) -> None:
    text = "".join(piece + separator for piece, separator in zip(pieces, separators, strict=False))

    analysed = analyse(text)

    previous_end = 0
    for claim in analysed:
        start, end = claim.span
        assert text[start:end] == claim.quote
        assert claim.quote
        assert claim.quote == claim.quote.strip()
        assert previous_end <= start < end
        assert 0.0 <= claim.checkworthiness <= 1.0
        previous_end = end
    # Whatever is picked can be registered: the domain wants a non-empty text and quote.
    for claim in extract_claims(text, min_score=0.0):
        assert claim.text.strip()
        assert any(char.isalnum() for char in claim.text)
