"""Member names: who acted, in one canonical spelling that nobody can imitate.

A name is what a login is (an OS account, a PostgreSQL role), so it is held to what
logins are made of: after Unicode NFKC normalisation and case folding, an ASCII
letter or digit followed by up to 62 letters, digits, '.', '_' or '-' (PostgreSQL's
63-character identifier limit). Full-width "MARIA" (U+FF2D...) and "Maria" are both
"maria"; an invisible suffix ("maria" + U+200B), an escape sequence, a space or a
Cyrillic lookalike ("m" + U+0430 + "ria") is refused rather than recorded as a different member. The
stored form is the canonical one, so the four-eyes rule and every record compare
names by plain equality.
"""

from __future__ import annotations

import re
import unicodedata

from domain.errors import InvalidInput

MAX_LENGTH = 63
_CANONICAL = re.compile(r"[a-z0-9][a-z0-9._-]{0,62}")
_ALLOWED = re.compile(r"[a-z0-9._-]")


def member_name(raw: str) -> str:
    """The canonical form of a member name, or InvalidInput naming what is wrong."""
    folded = unicodedata.normalize("NFKC", raw).strip().casefold()
    if _CANONICAL.fullmatch(folded):
        return folded
    # Anything unprintable spelled as an escape; a long name cut short.
    shown = ascii(raw if len(raw) <= 40 else raw[:40] + "...")
    if not folded:
        problem = "is empty"
    elif len(folded) > MAX_LENGTH:
        problem = f"has more than {MAX_LENGTH} characters"
    else:
        odd = next((c for c in folded if not _ALLOWED.fullmatch(c)), None)
        if odd is None:  # every character is allowed: the first is '.', '_' or '-'
            problem = "must start with a letter or a digit"
        else:
            problem = f"holds {_described(odd)}; use letters a-z, digits, '.', '_' and '-'"
    msg = f"user name {shown} {problem}"
    raise InvalidInput(msg)


def _described(char: str) -> str:
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"{code} {name}" if name else code
