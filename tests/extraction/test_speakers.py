"""Speaker attribution: quotation tags, "X said", pronouns, titles and short names."""

from __future__ import annotations

import pytest

from claims.extraction.extract import analyse
from tests.extraction.support import SEED, read_article


def speakers(text: str) -> list[str | None]:
    return [claim.speaker for claim in analyse(text)]


def seed_speaker(start_of_quote: str) -> str | None:
    article = read_article(SEED)
    [claim] = [c for c in analyse(article.text) if c.quote.startswith(start_of_quote)]
    return claim.speaker


@pytest.mark.parametrize(
    ("start_of_quote", "speaker"),
    [
        ('"Both sides want to show', "Hoo Tiang Boon"),  # '"...," said Hoo Tiang Boon, a professor'
        ('"China hopes for the early return', "Xi Jinping"),  # '"...," Xi said' -> full name
        ("Putin said he would inform", "Vladimir Putin"),  # short name -> full name
        ("On the eve of the visit, Putin said", "Vladimir Putin"),  # after an adverbial
        ("Ukrainian President Volodymyr Zelenskyy has said", "Volodymyr Zelenskyy"),
        ("The Ukrainian leader warned recently", "Volodymyr Zelenskyy"),  # title -> person
        ("Xi said China and Russia would continue", "Xi Jinping"),
        ("The two autocratic countries", "China and Russia"),  # the last pair named
        ("Xi has vowed to assert", "Xi Jinping"),  # vowed to: reported speech
        ('"I and President Putin agree', "Xi Jinping"),
        ("Putin has previously said", "Vladimir Putin"),
        ("In October 2019, he mentioned", "Vladimir Putin"),  # pronoun -> last speaker
    ],
)
def test_the_seed_speakers_are_resolved_to_full_names(start_of_quote: str, speaker: str) -> None:
    assert seed_speaker(start_of_quote) == speaker


@pytest.mark.parametrize(
    "start_of_quote",
    [
        "Beijing — Russian President Vladimir Putin thanked",  # an act, not a statement
        "The largely symbolic visit stressed",  # a visit does not speak
        "The country claims to take a neutral position",  # "claims to" is a pretence
        "While both leaders said they were seeking",  # the main clause is the reporter's
        "China's increased trade with Russia",
    ],
)
def test_the_reporters_own_assertions_have_no_speaker(start_of_quote: str) -> None:
    assert seed_speaker(start_of_quote) is None


def test_the_chinese_leader_is_the_person_introduced_with_that_title() -> None:
    text = (
        "Russian President Vladimir Putin thanked Chinese leader Xi Jinping on Thursday. "
        "The Chinese leader said trade rose 26% last year. "
        "The Russian president said exports doubled."
    )

    assert speakers(text) == [None, "Xi Jinping", "Vladimir Putin"]


def test_she_is_the_last_person_who_spoke_or_was_the_subject() -> None:
    text = (
        '"We are not pre-committing," ECB President Christine Lagarde told reporters. '
        "She said inflation would average 2.3% this year. "
        "Lagarde has said the bank will not follow the Fed."
    )

    assert speakers(text) == ["Christine Lagarde"] * 3


def test_the_body_a_description_refers_to_is_resolved_by_its_head_noun() -> None:
    text = (
        "Environmental groups, led by the Delta Fish Alliance, had sued in March. "
        "The alliance argued that pumping would kill 30% of the salmon. "
        "The U.S. Food and Drug Administration said the batch was made in 2023. "
        "Patients should keep taking the pills, the agency said."
    )

    assert speakers(text) == [
        None,
        "Delta Fish Alliance",
        "U.S. Food and Drug Administration",
        "U.S. Food and Drug Administration",
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Prices rose 7.5% last year, according to the Colorado Association of Realtors.",
            "Colorado Association of Realtors",
        ),
        ("According to Eurostat, inflation fell to 2.4% in April.", "Eurostat"),
        ('"We deeply regret it," said Novamed\'s chief executive, Mark Ellison.', "Mark Ellison"),
        ('"I don\'t think so," said council member Jo Reyes.', "Jo Reyes"),
        (
            "Dr. Priya Nair, a cardiologist at St. Mary's Hospital, said the risk was small.",
            "Priya Nair",
        ),
        (
            "A spokesperson for the Colorado Secretary of State said turnout reached 41%.",
            "Colorado Secretary of State",
        ),
        ("Harris told reporters on Tuesday that the state had spent $12 million.", "Harris"),
        ("Officials said the count would be certified next week.", None),
    ],
)
def test_attribution_forms_name_the_speaker(text: str, speaker: str | None) -> None:
    assert speakers(text) == [speaker]


def test_a_quotation_over_two_sentences_takes_the_speaker_of_its_closing_tag() -> None:
    text = 'Mayor Linda Park won. "We fixed the potholes. We hired 300 new officers," she said.'

    assert speakers(text) == [None, "Linda Park", "Linda Park"]


def test_a_quotation_without_a_tag_continues_the_previous_quotations_speaker() -> None:
    text = '"Inflation is falling," said Dr. Anna Weber. "Wages rose 5% in March."'

    assert speakers(text) == ["Anna Weber", "Anna Weber"]


def test_a_conceding_candidate_is_not_quoted_but_is_remembered_for_he() -> None:
    text = (
        "Park beat challenger Raul Ortiz by 4,000 votes. Ortiz conceded shortly before "
        'midnight. He told supporters the campaign had "changed the conversation."'
    )

    assert speakers(text) == [None, None, "Raul Ortiz"]
