"""What text may enter the store: one policy, applied where text comes in.

News text and what people type about it never need control characters, and some of
them break a store (PostgreSQL refuses NUL in text; SQLite keeps it, so the two
stores would disagree) or a terminal (ESC starts an escape sequence). So:

- refused everywhere: NUL and the other C0 controls, DEL, the C1 controls
  (U+0080-U+009F), and unpaired surrogates (what Python makes of bytes that are not
  UTF-8); TAB, LF and CR are allowed where text may run over several lines (an
  article, a quote, a note, a rationale);
- one-line fields (a speaker, a title, a rating label) take none of them;
- an article read from a file or feed is *cleaned* rather than refused
  (`clean_article_text`): one stray control byte in a wire story must not make the
  whole story unusable, and the stored text (with its spans and SHA-256) is the
  cleaned one. Unpaired surrogates are refused there too: that text is not Unicode.

Letters, marks, bidi and format characters (right-to-left text, zero-width
joiners) are news text and are kept; terminals are protected when text is shown.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Shape = Literal["line", "text"]

# Per shape, the characters refused: controls (minus what the shape allows), DEL,
# C1 controls and surrogates.
_REFUSED = {
    "line": re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]"),
    "text": re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]"),
}
_STRAY_IN_ARTICLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Python's surrogateescape decoding turns a byte that is not UTF-8 into U+DC80-U+DCFF.
_ESCAPED_BYTE = range(0xDC80, 0xDD00)


def refused_character(value: str, shape: Shape) -> str | None:
    """A description of the first character `shape` text may not hold, or None."""
    found = _REFUSED[shape].search(value)
    return None if found is None else describe(found.group())


def describe(char: str) -> str:
    """'the control character U+001B' / 'the byte 0xFF, which is not UTF-8' / ..."""
    code = ord(char)
    if code in _ESCAPED_BYTE:
        return f"the byte 0x{code - 0xDC00:02X}, which is not UTF-8"
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X}, an unpaired surrogate, which is not text"
    if unicodedata.category(char) == "Cc":
        return f"the control character U+{code:04X}"
    name = unicodedata.name(char, "")
    return f"U+{code:04X} {name}" if name else f"U+{code:04X}"


def clean_article_text(text: str) -> str:
    """An article's text without the control characters news never needs (TAB, LF
    and CR stay). Unpaired surrogates are not removed: see `refused_character`."""
    return _STRAY_IN_ARTICLE.sub("", text)


def unpaired_surrogate(text: str) -> str | None:
    found = _SURROGATE.search(text)
    return None if found is None else describe(found.group())
