"""The claim as a fact-checker would write it: the statement without its wrapper.

"Putin said (that) X", '"X," Xi said', "X, according to Y" all become "X": the speaker is
kept apart, in ExtractedClaim.speaker. Datelines, Markdown emphasis, outer quotation marks,
leading conjunctions and the final period go; the first letter is upper-cased.
"""

from __future__ import annotations

import re

from claims.extraction.speakers import Attribution

MIN_CLAIM_WORDS = 3

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)")
_SPACE = re.compile(r"\s+")
# "Beijing —", "Sacramento, Calif. —": a place name then a long dash opens a news report.
_DATELINE = re.compile(r"^[A-Z][\w.'\u2019-]*(?:,?\s[A-Z][\w.'\u2019-]*){0,4}\s+[—\u2013]\s+")
_LEADING_WORDS = re.compile(
    r"^(?:(?:and|but|so|yet|or|however|meanwhile|still|also|that)\b,?\s+)+", re.IGNORECASE
)
_TRAILING = re.compile(r"[\s.,;:]+$")
_PUNCTUATION_IN_CLOSING_QUOTE = re.compile(r"[.,;:]+([\"\u201d])$")


def claim_text(sentence: str, attribution: Attribution | None) -> str:
    if attribution is not None and attribution.content:
        pieces = [sentence[start:end].strip() for start, end in attribution.content]
        joined = " ".join(piece.rstrip(",") for piece in pieces[:-1] if piece)
        text = f"{joined} {pieces[-1]}" if joined else pieces[-1]
        tidy = _tidy(text)
        if len(tidy.split()) >= MIN_CLAIM_WORDS:
            return tidy
    return _tidy(sentence)


def _tidy(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    text = _SPACE.sub(" ", text).strip()
    text = _DATELINE.sub("", text)
    text = _LEADING_WORDS.sub("", text)
    text = _unwrap_quotes(text)
    text = _PUNCTUATION_IN_CLOSING_QUOTE.sub(r"\1", text)
    text = _TRAILING.sub("", text)
    return _capitalise(text)


def _unwrap_quotes(text: str) -> str:
    text = _TRAILING.sub("", text)
    straight = text.count('"')
    if straight == 2 and text.startswith('"') and text.endswith('"'):
        return text[1:-1].strip()
    if text.startswith("\u201c") and text.endswith("\u201d") and text.count("\u201c") == 1:
        return text[1:-1].strip()
    # A quotation cut by the attribution leaves one mark behind: drop it.
    if straight % 2 == 1:
        if text.startswith('"'):
            return text[1:].lstrip()
        if text.endswith('"'):
            return text[:-1].rstrip()
    return text


def _capitalise(text: str) -> str:
    for index, char in enumerate(text):
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1 :]
        if char not in "\"'\u201c\u2018(":
            break
    return text
