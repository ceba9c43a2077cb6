"""extract_claims: split, attribute, score and normalise the sentences of one article."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from claims.extraction.features import (
    FEATURES,
    Scored,
    SentenceFacts,
    detect,
    facts_for,
    score,
    score_text,
)
from claims.extraction.normalise import claim_text
from claims.extraction.sentences import split_sentences
from claims.extraction.speakers import Attribution, Memory, SentenceReader
from claims.extraction.tokens import tokenize

# The learned model's threshold, chosen on dev.tsv and the tuning gold articles by
# scripts/train_checkworthiness.py, which prints it and stores it with the weights (a
# test checks the two agree). A constant here, so that importing does not load the model.
DEFAULT_MIN_SCORE = 0.62

# The domain refuses a claim quote or text over 5,000 characters (domain.values.Text); a
# "sentence" that long is a splitting failure (a table, text without punctuation), not a claim.
MAX_QUOTE_CHARS = 5_000
# Sentences with these features are never claims, whatever the threshold.
NEVER_CLAIMS = frozenset({"heading", "too_long", "no_words"})

# A capitalised word after a lower-case word or a comma is a name, not a sentence opener.
_MID_SENTENCE_CAPITAL = re.compile(r"(?<=[a-z0-9,;:\u2019'] )[A-Z][\w'\u2019.&-]*")


@dataclass(frozen=True)
class ExtractedClaim:
    """A sentence worth checking, with where it is and who said it."""

    quote: str  # the exact sentence: text[span[0]:span[1]] == quote
    span: tuple[int, int]
    text: str  # the claim without its attribution wrapper
    speaker: str | None  # None: the reporter's own assertion
    checkworthiness: float  # 0..1
    features: tuple[str, ...]  # the features that fired
    # The log-odds, term by term: ("bias", b), ("model", what the words add), then each
    # fired feature and its weight. Empty for a sentence that is never a claim.
    contributions: tuple[tuple[str, float], ...] = ()


def extract_claims(
    text: str, *, published: date | None = None, min_score: float = DEFAULT_MIN_SCORE
) -> list[ExtractedClaim]:
    """Every sentence of `text` scoring at least `min_score`, in text order; headings never."""
    return [
        _claim(sentence)
        for sentence in _read(text, published)
        if is_picked(sentence.checkworthiness, sentence.features, min_score)
    ]


def is_picked(checkworthiness: float, features: tuple[str, ...], min_score: float) -> bool:
    """Whether a sentence with this score and these features is returned as a claim."""
    return checkworthiness >= min_score and NEVER_CLAIMS.isdisjoint(features)


def analyse(text: str, *, published: date | None = None) -> list[ExtractedClaim]:
    """Every sentence, headings included (marked with the feature "heading", score 0), for
    evaluation; extract_claims() returns the picked ones."""
    return [_claim(sentence) for sentence in _read(text, published)]


@dataclass(frozen=True)
class _Read:
    """A sentence as read; its claim text is tidied only if the sentence is returned."""

    start: int
    quote: str
    attribution: Attribution | None
    speaker: str | None
    checkworthiness: float
    features: tuple[str, ...]
    contributions: tuple[tuple[str, float], ...] = ()


def sentence_features(text: str, *, published: date | None = None) -> list[tuple[str, ...]]:
    """The named features of every sentence, unscored (what the model is trained on)."""
    return [sentence.features for sentence in _read(text, published, scored=False)]


def claim_texts(text: str) -> list[str]:
    """Each sentence of `text` as a claim text (without its attribution wrapper), unscored."""
    return [
        claim_text(sentence.quote, sentence.attribution)
        for sentence in _read(text, None, scored=False)
        if NEVER_CLAIMS.isdisjoint(sentence.features) or "heading" in sentence.features
    ]


def score_sentence(text: str) -> float:
    """The check-worthiness of one sentence on its own, as the CheckThat! lab scores it
    (the features of all its parts, should the splitter cut it)."""
    fired: set[str] = set()
    for features in sentence_features(text):
        fired.update(features)
    return score_text(text, tuple(name for name in FEATURES if name in fired)).checkworthiness


def _read(text: str, published: date | None, *, scored: bool = True) -> list[_Read]:
    names = {_bare(word) for word in _MID_SENTENCE_CAPITAL.findall(text)}
    memory = Memory()
    claims: list[_Read] = []
    facts_by_index: dict[int, SentenceFacts] = {}
    # Sentences of a quotation whose tag comes in a later sentence of the paragraph.
    awaiting_speaker: list[int] = []
    inside_quote = False
    previous_end = 0
    for sentence in split_sentences(text):
        if "\n" in text[previous_end : sentence.start]:
            # A new paragraph opens its own quotation marks, whatever the last one left open.
            inside_quote = False
            awaiting_speaker.clear()
        previous_end = sentence.end
        quote = text[sentence.start : sentence.end]
        if not any(char.isalnum() for char in quote):
            # Stray punctuation ("* * *", "..."): nothing to read, and cheap to skip.
            claims.append(_Read(sentence.start, quote, None, None, 0.0, ("no_words",)))
            continue
        if len(quote) > MAX_QUOTE_CHARS:
            claims.append(_Read(sentence.start, quote, None, None, 0.0, ("too_long",)))
            inside_quote = False
            continue
        tokens, still_inside = tokenize(quote, inside_quote=inside_quote)
        reader = SentenceReader(quote, tokens, memory, inside_quote=inside_quote)
        attribution = None if sentence.heading else reader.attribution()
        inside_quote = still_inside and not sentence.heading
        reader.register_names()
        subject = reader.main_clause_subject()
        actor = None if sentence.heading else reader.main_clause_actor()
        speaker = attribution.speaker if attribution is not None else None
        if speaker is not None and speaker in memory.persons:
            memory.last_person = speaker
        elif subject is not None:
            memory.last_person = subject
        quoted = attribution is not None and attribution.kind == "quote"
        memory.last_quote_speaker = speaker if quoted else None
        if speaker is not None:
            memory.last_quoted = speaker
        if sentence.heading:
            claims.append(_Read(sentence.start, quote, None, None, 0.0, ("heading",)))
            continue
        content = attribution.content if attribution is not None else ()
        facts = facts_for(
            quote,
            tokens,
            attribution,
            entities=len(reader.named_entities(names, content)),
            actor_known=actor is not None,
            published=published,
        )
        scores = score(facts) if scored else Scored(0.0, detect(facts), ())
        claims.append(_scored(_Read(sentence.start, quote, attribution, speaker, 0.0, ()), scores))
        facts_by_index[len(claims) - 1] = facts
        if quoted and speaker is None and inside_quote:
            awaiting_speaker.append(len(claims) - 1)
        elif quoted and speaker is not None:
            for index in awaiting_speaker:
                claims[index] = _with_speaker(
                    claims[index], facts_by_index[index], speaker, scored=scored
                )
            awaiting_speaker.clear()
    return claims


def _claim(sentence: _Read) -> ExtractedClaim:
    return ExtractedClaim(
        quote=sentence.quote,
        span=(sentence.start, sentence.start + len(sentence.quote)),
        text=claim_text(sentence.quote, sentence.attribution),
        speaker=sentence.speaker,
        checkworthiness=sentence.checkworthiness,
        features=sentence.features,
        contributions=sentence.contributions,
    )


def _scored(sentence: _Read, scores: Scored) -> _Read:
    return replace(
        sentence,
        checkworthiness=scores.checkworthiness,
        features=scores.features,
        contributions=scores.contributions,
    )


def _with_speaker(sentence: _Read, facts: SentenceFacts, speaker: str, *, scored: bool) -> _Read:
    """A sentence of a quotation gets the speaker its closing tag names, and is rescored."""
    old = facts.attribution
    content = old.content if old is not None else ()
    attribution = Attribution(speaker, content, "quote")
    facts = replace(facts, attribution=attribution)
    scores = score(facts) if scored else Scored(0.0, detect(facts), ())
    return _scored(replace(sentence, attribution=attribution, speaker=speaker), scores)


def _bare(word: str) -> str:
    word = word.lower().rstrip(".")
    return word[:-2] if word.endswith(("'s", "\u2019s")) else word
