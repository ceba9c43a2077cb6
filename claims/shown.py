"""A user-supplied name (a file path, a value) made safe to quote in a one-line message.

Error messages go to a terminal one line each; a path may hold anything a file name can:
a newline, an escape sequence, a bidi override. Those are spelled as escapes (\\n, \\x1b,
\\u202e), everything else is left as typed.
"""

from __future__ import annotations

import re

# Controls (C0, DEL, C1), the Unicode line and paragraph separators, and the bidi
# embeddings, overrides and isolates: none may reach a terminal raw.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown(text: str) -> str:
    """`text` with every unsafe character written as an escape."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
