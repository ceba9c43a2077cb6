"""Check-worthiness: named features that a checker can read, and the learned model's score.

The features follow DOMAIN.md ("Check-worthiness"): what can be verified and matters pushes
the score up (quantities, money, time anchors, comparisons, named actors doing named
things, laws, reported statements); questions, opinions and hopes, hedges, vagueness and
very short sentences pull it down. Each fires at most once per sentence.

Their weights are learnt, together with the sentence's word and character n-grams, by the
logistic regression of model.py:

score = logistic(bias + model + sum of the weights of the features that fire)

where "model" is what the n-grams add. score() returns every term of that sum, so a
checker sees why a sentence was picked: which features fired, how much each added, and
how much the words themselves did.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from claims.extraction.lexicon import (
    ACTION_VERB_FORMS,
    CURRENCY_WORDS,
    FIRST_PERSON,
    HEDGE_WORDS,
    LAW_WORDS,
    MONTHS,
    NUMBER_WORDS,
    OPINION_WORDS,
    SCALE_WORDS,
    SUPERLATIVES,
    TREND_WORDS,
    VAGUE_WORDS,
    WEEKDAYS,
)
from claims.extraction.model import load_model
from claims.extraction.speakers import Attribution
from claims.extraction.tokens import Token

SHORT_SENTENCE_WORDS = 6

_COMPARISON_WORDS = SUPERLATIVES | TREND_WORDS
_CALENDAR_WORDS = MONTHS | WEEKDAYS
_CURRENCY_SIGNS = frozenset({"$", "€", "£", "¥"})
_PERCENT_WORDS = frozenset({"percent", "percentage"})
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_NUMBER = re.compile(r"\d[\d,.]*(?:st|nd|rd|th|s)?")
_RELATIVE_TIME = re.compile(
    r"\b(?:(?:last|next|this|past|previous|coming|same)\s+"
    r"(?:year|month|week|quarter|decade|century|spring|summer|autumn|fall|winter|weekend)"
    r"|(?:years?|months?|weeks?|days?|decades?)\s+(?:ago|earlier|later)"
    r"|\w+-(?:year|month|week|day)(?:-old)?"
    r"|since|yesterday|today|tomorrow|recently|(?:earlier|later)\s+this"
    r"|on\s+the\s+eve\s+of|over\s+the\s+(?:last|past)\s+(?:few\s+)?(?:years|months|decades|weeks)"
    r"|(?:first|second|third|fourth|last)\s+quarter|a\s+year\s+earlier)\b"
)
_COMPARISON_PHRASE = re.compile(
    r"\b(?:more|less|fewer|greater|higher|lower|larger|smaller)\s+than"
    r"|\bcompared\s+(?:with|to)\b|\b(?:up|down)\s+from\b|\bfirst\s+time\b|\bthan\b"
)
_LAW_PHRASE = re.compile(
    r"\b(?:bound|required|obliged|obligated)\s+(?:by|to)\b|\bunder\s+\w+\s+law\b"
)
_OPINION_PHRASE = re.compile(r"\bwants?\s+to\b|\bwould\s+like\b|\bin\s+my\s+view\b")
_VAGUE_PHRASE = re.compile(r"\ba\s+number\s+of\b")


@dataclass(frozen=True)
class SentenceFacts:
    """What the scorer looks at for one sentence."""

    text: str
    tokens: list[Token]
    attribution: Attribution | None
    entities: int  # distinct names in the sentence
    actor_known: bool  # the subject is a description or pronoun resolved to a named actor
    published: date | None
    # Derived once by facts_for(), because every feature looks at them.
    lowered: str = ""
    words: tuple[Token, ...] = ()
    lower_words: frozenset[str] = frozenset()
    bare_words: frozenset[str] = frozenset()
    numbers: tuple[int, ...] = ()  # indices of the tokens that start with a digit


def facts_for(
    text: str,
    tokens: list[Token],
    attribution: Attribution | None,
    *,
    entities: int,
    actor_known: bool,
    published: date | None,
) -> SentenceFacts:
    words = tuple(token for token in tokens if token.is_word)
    return SentenceFacts(
        text=text,
        tokens=tokens,
        attribution=attribution,
        entities=entities,
        actor_known=actor_known,
        published=published,
        lowered=text.lower(),
        words=words,
        lower_words=frozenset(token.lower for token in words),
        bare_words=frozenset(token.bare for token in words),
        numbers=tuple(k for k, token in enumerate(tokens) if token.text[:1].isdigit()),
    )


def _money(facts: SentenceFacts) -> bool:
    tokens = facts.tokens
    for k in facts.numbers:
        previous = tokens[k - 1].text if k else ""
        if previous in _CURRENCY_SIGNS:
            return True
        following = [t.bare for t in tokens[k + 1 : k + 3]]
        if following and (
            following[0] in CURRENCY_WORDS
            or (following[0] in SCALE_WORDS and following[1:] and following[1] in CURRENCY_WORDS)
        ):
            return True
    return False


def _quantity(facts: SentenceFacts) -> bool:
    words = facts.lower_words
    if "%" in facts.text or not words.isdisjoint(_PERCENT_WORDS | NUMBER_WORDS):
        return True
    if "per cent" in facts.lowered:
        return True
    tokens = facts.tokens
    for k in facts.numbers:
        # "42-page" counts; "2022" and "June 14" are dates, not counts.
        number = tokens[k].lower.split("-")[0]
        if not _NUMBER.fullmatch(number) or _YEAR.fullmatch(number):
            continue
        if not (k and tokens[k - 1].bare in MONTHS):
            return True
    return False


def _time_anchor(facts: SentenceFacts) -> bool:
    tokens = facts.tokens
    if any(_YEAR.fullmatch(tokens[k].text) for k in facts.numbers):
        return True
    if facts.bare_words.isdisjoint(_CALENDAR_WORDS):
        return _RELATIVE_TIME.search(facts.lowered) is not None
    for k, token in enumerate(facts.words):
        if token.capitalised and token.bare in WEEKDAYS:
            return True
        # "May" opening a sentence is the verb more often than the month.
        if token.capitalised and token.bare in MONTHS and not (k == 0 and token.bare == "may"):
            return True
    return _RELATIVE_TIME.search(facts.lowered) is not None


def _comparison(facts: SentenceFacts) -> bool:
    if not facts.lower_words.isdisjoint(_COMPARISON_WORDS):
        return True
    for token in facts.words:
        if "-" in token.lower and not _COMPARISON_WORDS.isdisjoint(token.lower.split("-")):
            return True
    return _COMPARISON_PHRASE.search(facts.lowered) is not None


def _named_actor_action(facts: SentenceFacts) -> bool:
    if not (facts.entities > 0 or facts.actor_known):
        return False
    if facts.lower_words.isdisjoint(ACTION_VERB_FORMS):
        return False
    return any(not token.capitalised and token.lower in ACTION_VERB_FORMS for token in facts.words)


def _named_entities(facts: SentenceFacts) -> bool:
    # Several named people, places or bodies make a sentence specific enough to check.
    return facts.entities >= 2


def _law(facts: SentenceFacts) -> bool:
    if not facts.bare_words.isdisjoint(LAW_WORDS):
        return True
    if any(token.capitalised and token.bare in {"act", "treaty"} for token in facts.words):
        return True
    return _LAW_PHRASE.search(facts.lowered) is not None


def _attribution(facts: SentenceFacts) -> bool:
    return facts.attribution is not None


def _question(facts: SentenceFacts) -> bool:
    if facts.text.rstrip("\"'\u201d\u2019)] ").endswith("?"):
        return True
    attribution = facts.attribution
    if attribution is not None and attribution.kind == "quote":
        start, end = attribution.content[0]
        return facts.text[start:end].rstrip(" ,").endswith("?")
    return False


def _opinion(facts: SentenceFacts) -> bool:
    if not facts.lower_words.isdisjoint(OPINION_WORDS):
        return True
    return _OPINION_PHRASE.search(facts.lowered) is not None


def _hedge(facts: SentenceFacts) -> bool:
    # Lower case only: "May" in the middle of a sentence is the month.
    return any(token.text in HEDGE_WORDS for token in facts.words)


def _conditional(facts: SentenceFacts) -> bool:
    # "if the data keep improving": a hypothetical, nothing has happened to check.
    return not facts.lower_words.isdisjoint({"if", "unless"})


def _vague(facts: SentenceFacts) -> bool:
    if not facts.lower_words.isdisjoint(VAGUE_WORDS):
        return True
    return _VAGUE_PHRASE.search(facts.lowered) is not None


def _first_person(facts: SentenceFacts) -> bool:
    # "US" in capitals is the country, not the pronoun.
    if facts.lower_words.isdisjoint(FIRST_PERSON):
        return False
    return any(
        token.text == "I" or (token.text.islower() and token.text in FIRST_PERSON)
        for token in facts.words
    )


def _future(facts: SentenceFacts) -> bool:
    if facts.published is None:
        return False
    tokens = facts.tokens
    return any(
        _YEAR.fullmatch(tokens[k].text) and int(tokens[k].text) > facts.published.year
        for k in facts.numbers
    )


def _short(facts: SentenceFacts) -> bool:
    return len(facts.words) < SHORT_SENTENCE_WORDS


FEATURES: dict[str, Callable[[SentenceFacts], bool]] = {
    "money": _money,
    "quantity": _quantity,
    "time_anchor": _time_anchor,
    "comparison": _comparison,
    "named_actor_action": _named_actor_action,
    "named_entities": _named_entities,
    "law": _law,
    "attribution": _attribution,
    "question": _question,
    "opinion": _opinion,
    "hedge": _hedge,
    "conditional": _conditional,
    "vague": _vague,
    "first_person": _first_person,
    "future": _future,
    "short": _short,
}


def detect(facts: SentenceFacts) -> tuple[str, ...]:
    """The names of the features that fire, in table order."""
    return tuple(name for name, detects in FEATURES.items() if detects(facts))


@dataclass(frozen=True)
class Scored:
    checkworthiness: float  # 0..1
    features: tuple[str, ...]
    # The terms of the log-odds: ("bias", b), ("model", n-grams), then each fired feature.
    contributions: tuple[tuple[str, float], ...]


def score(facts: SentenceFacts) -> Scored:
    """The check-worthiness score, the features that fired and what each term added."""
    return score_text(facts.text, detect(facts))


def score_text(text: str, fired: tuple[str, ...]) -> Scored:
    """The model's score of a sentence whose named features are `fired`."""
    model = load_model()
    terms = (
        ("bias", model.intercept),
        ("model", model.text_contribution(text)),
        *((name, model.feature_weights.get(name, 0.0)) for name in fired),
    )
    total = sum(value for _, value in terms)
    return Scored(
        checkworthiness=round(1.0 / (1.0 + math.exp(-total)), 4),
        features=fired,
        contributions=tuple((name, round(value, 3)) for name, value in terms),
    )
