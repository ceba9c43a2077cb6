"""Text from the store made safe to show on a terminal: the one escaping every renderer uses.

Articles, notes, quotes, rationales and names come from people, and a store written
before today's input rules (or copied from elsewhere) may hold anything. A terminal
acts on some characters instead of showing them: ESC starts sequences that move the
cursor, recolour, retitle the window or write to the clipboard; BEL rings; backspace
and carriage return overwrite what was printed; a newline starts what looks like
another row of a table or another event of a history; bidi controls reorder what
follows so "approved" can read as something else. Every such character is shown as
an escape instead, the way Python spells it in a literal:

- tab, newline and carriage return as `\\t`, `\\n`, `\\r`: one record stays on one line,
  so a note with a newline cannot forge a history line, and a table row stays a row;
- other C0 controls (U+0000-U+001F), DEL and the C1 controls (U+0080-U+009F) as `\\xNN`;
- the bidi controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and the
  line and paragraph separators (U+2028, U+2029) as `\\uNNNN`.

Everything else, accents, CJK, emoji, a literal backslash, is shown as it is. Machine
formats (JSON, JSON Lines, CSV) carry the text exactly and are not escaped here.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every character that would act on a terminal spelled as an escape."""
    return _UNSAFE.sub(_escape, text)


def printable_lines(text: str) -> str:
    """Each line of text we composed made printable; our own line breaks are kept.

    Only for text whose line breaks are ours (a help text, a multi-line message): a
    user's newline inside one field must go through `printable` before joining."""
    return "\n".join(printable(line) for line in text.split("\n"))
