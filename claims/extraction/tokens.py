"""Word tokens with offsets, quotation depth and capitalisation, for one sentence."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from claims.extraction.lexicon import (
    AMBIGUOUS_ABBREVIATIONS,
    FUNCTION_WORDS,
    MONTHS,
    PREFIX_ABBREVIATIONS,
    WEEKDAYS,
)

# Words keep inner apostrophes, hyphens, dots and ampersands ("Putin's", "Asia-Pacific",
# "U.S", "2.4", "AT&T"); every other non-space character is a token of its own.
_TOKEN = re.compile(r"[^\W_](?:[\w'\u2019.&-]*[^\W_])?|[^\w\s]")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
OPENING_QUOTES = frozenset('"\u201c')
CLOSING_QUOTES = frozenset('"\u201d')
# Other typographic quotation marks, each with the marks that close it: German low-high
# quotes (U+201E ... U+201C), French guillemets (U+00AB ... U+00BB, U+2039 ... U+203A), and
# the doubled single marks (U+2018 U+2018 ... U+2019 U+2019) of some wire copy. Their
# tokens carry the English curly marks as text (offsets unchanged), so that the speaker
# rules read one convention.
_OTHER_OPENERS = {
    "\u201e": frozenset("\u201c\u201d"),
    "\u00ab": frozenset("\u00bb"),
    "\u2039": frozenset("\u203a"),
    "\u2018\u2018": frozenset({"\u2019\u2019"}),
}
_DOUBLED_SINGLE = frozenset("\u2018\u2019")


class Token(NamedTuple):
    """A word or mark of one sentence. A NamedTuple, and its derived forms are cached per
    word (see _forms), because a news article has about a thousand tokens and the speaker
    rules and the features look at each many times."""

    text: str
    start: int
    end: int
    quoted: bool  # inside a quotation
    lower: str
    bare: str  # lower case without a possessive or abbreviation dot: "Putin's" -> "putin"
    capitalised: bool
    possessive: bool
    is_word: bool
    name_word: bool  # capitalised and not a function word, month or weekday

    def is_name_word(self) -> bool:
        return self.name_word


def make_token(text: str, start: int, end: int, *, quoted: bool) -> Token:
    return Token(text, start, end, quoted, *_forms(text))


@lru_cache(maxsize=65536)
def _forms(text: str) -> tuple[str, str, bool, bool, bool, bool]:
    lower = text.lower()
    bare = lower.rstrip(".")
    for suffix in ("'s", "\u2019s"):
        if bare.endswith(suffix):
            bare = bare[: -len(suffix)]
            break
    capitalised = text[:1].isupper()
    # An acronym is a name even when it spells a function word: "WHO", "US".
    acronym = len(text) >= 2 and text.isalpha() and text.isupper()
    name_word = acronym or (
        capitalised
        and text[:1].isalpha()
        and bare not in FUNCTION_WORDS
        and bare not in MONTHS
        and bare not in WEEKDAYS
    )
    possessive = text.endswith(("'s", "\u2019s", "s'"))
    return lower, bare, capitalised, possessive, text[:1].isalnum(), name_word


def tokenize(sentence: str, *, inside_quote: bool = False) -> tuple[list[Token], bool]:
    """The tokens, and whether the sentence ends inside a quotation.

    `inside_quote` says a quotation opened in an earlier sentence of the paragraph is still
    open ('"We fixed the potholes. We hired 300 officers," she said'): the first straight
    quotation mark then closes it instead of opening one.
    """
    tokens: list[Token] = []
    quoted = inside_quote
    closers: frozenset[str] = frozenset()  # what closes the open quotation, if not English
    skip_to = 0
    for match in _TOKEN.finditer(sentence):
        text = match.group()
        start, end = match.span()
        if start < skip_to:
            continue
        if text in _DOUBLED_SINGLE and sentence[end : end + 1] == text:
            text, end = text * 2, end + 1
            skip_to = end
        if text in _OTHER_OPENERS and not quoted:
            quoted, closers = True, _OTHER_OPENERS[text]
            tokens.append(make_token("\u201c", start, end, quoted=False))
            continue
        if quoted and text in closers:
            quoted, closers = False, frozenset()
            tokens.append(make_token("\u201d", start, end, quoted=False))
            continue
        if text == ".":
            # "Dr" + "." and "U.S" + "." become one token, so a name run can cross them.
            last = tokens[-1] if tokens else None
            if last is not None and last.end == start and _takes_dot(last.text):
                tokens[-1] = make_token(last.text + ".", last.start, end, quoted=last.quoted)
                continue
        if text in OPENING_QUOTES and (text == "\u201c" or not quoted):
            quoted = True
            tokens.append(make_token(text, start, end, quoted=False))
        elif text in CLOSING_QUOTES and quoted:
            quoted = False
            tokens.append(make_token(text, start, end, quoted=False))
        else:
            tokens.append(make_token(text, start, end, quoted=quoted))
    return tokens, quoted


@lru_cache(maxsize=4096)
def _takes_dot(word: str) -> bool:
    bare = word.lower()
    return (
        bare in PREFIX_ABBREVIATIONS
        or bare in AMBIGUOUS_ABBREVIATIONS
        or (len(word) == 1 and word.isupper())
        or _DOTTED.fullmatch(word) is not None
    )


def is_quote(token: Token) -> bool:
    return token.text in OPENING_QUOTES or token.text in CLOSING_QUOTES
