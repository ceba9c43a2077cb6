"""Whether two claims say the same thing: a score from 0 to 1, as a duplicate candidate.

Meedan Check's model: a match is a *candidate* an editor confirms, never a merge. Two
claims are compared without their attribution wrappers ('"X," Y said' and "According
to Y, X" both become X, by the extractor's own claim_text), as sets of content words
reduced to a stem, with a few reporting synonyms folded together ("rose", "increased",
"grew" -> up). The score is the overlap of those sets (Dice), weighted towards longer,
rarer-looking words.

What a fact-checker rates is in the particulars, so they veto a match however many words
agree: claims whose numbers differ ("12 percent" / "21 percent"), whose years, months or
days differ, or whose named actors differ (a name on each side that the other lacks:
"Russia" / "Iran") are not the same claim, and score at most DIFFERENT_PARTICULARS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from claims.extraction.lexicon import FUNCTION_WORDS, MONTHS, SPEECH_VERBS, WEEKDAYS, words

# Chosen on the tuning part of tests/data/similar-pairs.jsonl (see
# scripts/eval_similarity.py); the held-out part is reported, never tuned on.
MATCH_SCORE = 0.7
DIFFERENT_PARTICULARS = 0.3
NUMBER_WEIGHT = 8

_TOKEN = re.compile(r"\d[\d,.]*\d%?|\d%?|[^\W\d_][\w'\u2019-]*")
_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "twenty": "20",
    "thirty": "30",
    "fifty": "50",
    "hundred": "100",
    "dozen": "12",
    "half": "0.5",
}
_SCALES = {"thousand": "e3", "million": "e6", "billion": "e9", "trillion": "e12", "bn": "e9"}
# Reporting synonyms: the same movement in other words.
_SYNONYMS = {
    **dict.fromkeys(
        words(
            "rose rise rises risen increased increase increases grew grow grows growing "
            "climbed climb climbs jumped jump jumps up higher gained gain soared surged"
        ),
        "up",
    ),
    **dict.fromkeys(
        words(
            "fell fall falls fallen dropped drop drops declined decline declines decreased "
            "decrease down lower slid slipped sank plunged shrank"
        ),
        "down",
    ),
    **dict.fromkeys(words("percent per cent percentage %"), "percent"),
    **dict.fromkeys(words("killed dead died deaths death kill"), "die"),
    **dict.fromkeys(words("totaled totalled totaling reached reach amounted worth"), "total"),
    **dict.fromkeys(words("sales sold sell"), "sale"),
    **dict.fromkeys(words("jobs job employment employed"), "job"),
    **dict.fromkeys(words("banned ban bans prohibited outlawed"), "ban"),
    **dict.fromkeys(words("doubled double twice"), "double"),
    **dict.fromkeys(words("us america u.s united states"), "us"),
}
_STOP = (
    FUNCTION_WORDS
    | SPEECH_VERBS
    | words(
        """be been being was were has have had do does did will would can could should may might
    must shall its it's according statement per cent year years last more less than people
    new other any said"""
    )
)
_CALENDAR = MONTHS | WEEKDAYS


@dataclass(frozen=True)
class Signature:
    """What comparing a claim needs, worked out once per text."""

    stems: frozenset[str]
    numbers: frozenset[str]
    calendar: frozenset[str]
    names: frozenset[str]


def similarity(a: str, b: str) -> float:
    """How likely two claim texts are the same claim, 0..1."""
    return compare(signature(a), signature(b))


def compare(a: Signature, b: Signature) -> float:
    if not a.stems or not b.stems:
        return 0.0
    shared = a.stems & b.stems
    overlap = 2 * _weight(shared) / (_weight(a.stems) + _weight(b.stems))
    if _differ(a.numbers, b.numbers) or _differ(a.calendar, b.calendar):
        return round(min(overlap, DIFFERENT_PARTICULARS), 3)
    if (a.names - b.names) and (b.names - a.names):
        return round(min(overlap, DIFFERENT_PARTICULARS), 3)
    return round(overlap, 3)


def _differ(a: frozenset[str], b: frozenset[str]) -> bool:
    # One side may leave a particular out ("exports rose" / "exports rose 12%"); what
    # both give must agree.
    return bool(a) and bool(b) and a != b


def _weight(stems: frozenset[str]) -> float:
    # A long word says more about what a claim is about than a short one; a figure says
    # the most, so a claim with one and a claim without are further apart.
    return sum(NUMBER_WEIGHT if stem == "#" else min(len(stem), 8) for stem in stems)


@lru_cache(maxsize=4096)
def signature(text: str) -> Signature:
    """The claim without its wrapper, as stems, numbers, dates and names."""
    return quick_signature(claim_core(text))


def quick_signature(text: str) -> Signature:
    """The text as it is, wrapper and all: cheap enough to index every claim with (an
    ingested claim's text has had its wrapper taken off already)."""
    core = text
    stems: set[str] = set()
    numbers: set[str] = set()
    calendar: set[str] = set()
    names: set[str] = set()
    tokens = _TOKEN.findall(core)
    for k, token in enumerate(tokens):
        lower = token.lower().replace("\u2019", "'").removesuffix("'s")
        if token[0].isdigit():
            value = _number(token)
            following = tokens[k + 1].lower() if k + 1 < len(tokens) else ""
            numbers.add(value + _SCALES.get(following, ""))
            stems.add("#")
            if token.endswith("%"):
                stems.add("percent")
            continue
        if lower in _NUMBER_WORDS:
            numbers.add(_NUMBER_WORDS[lower])
            stems.add("#")
            continue
        if lower in _CALENDAR:
            calendar.add(lower[:3])
            continue
        if lower in _STOP or lower in _SCALES:
            continue
        stem = _SYNONYMS.get(lower) or _stem(lower)
        stems.add(stem)
        if token[0].isupper() and (k > 0 or lower not in _COMMON_OPENERS):
            names.add(stem)
    return Signature(frozenset(stems), frozenset(numbers), frozenset(calendar), frozenset(names))


# Capitalised only because they open the sentence: not names.
_COMMON_OPENERS = words(
    """exports imports inflation prices unemployment sales shares the government police
    officials trade wages growth output revenue taxes crime turnout"""
)


def _number(token: str) -> str:
    plain = token.rstrip("%").replace(",", "")
    try:
        value = float(plain)
    except ValueError:
        return plain
    return f"{value:g}"


def _stem(word: str) -> str:
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def claim_core(text: str) -> str:
    """The claim's text without an attribution wrapper, by the extractor's own reading."""
    from claims.extraction.extract import claim_texts

    return " ".join(claim_texts(text)) or text
