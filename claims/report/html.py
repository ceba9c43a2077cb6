"""Building a self-contained HTML page safely: every text escaped, links checked.

Whatever came from an article, a claim, a rationale, a note or a URL goes through
one of these functions and nowhere else:

- `text`: HTML-escaped (quotes included, so it is safe in an attribute too), with
  control characters a page may not hold replaced by U+FFFD;
- `isolated`: escaped, inside `<bdi>`, so a right-to-left mark in it cannot turn
  the text around it;
- `link`: an `<a>` only for an http or https URL with a host; anything else
  (`javascript:`, `data:`, a relative path) is shown as text;
- `json_ld`: a JSON-LD data block whose `<`, `>` and `&` are JSON escapes, so no
  text inside can close the script element.

The page itself carries a Content-Security-Policy that allows no network request
at all and only its own style and script (by their SHA-256), so even a mistake
here could not fetch or run anything.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from typing import Any
from urllib.parse import urlsplit

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# Bidirectional controls: never in a link target, where they would disguise it.
_BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def text(value: object) -> str:
    """The value as HTML text (or attribute value): escaped."""
    return html.escape(_CONTROL.sub("\ufffd", str(value)), quote=True)


def isolated(value: object) -> str:
    """Escaped text in a bidirectional isolate."""
    return f"<bdi>{text(value)}</bdi>"


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s) with a host and no control characters, else None."""
    if not url or _CONTROL.search(url) or _BIDI.search(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def link(url: str | None, label: str | None = None) -> str:
    """An outbound link for a safe URL; otherwise the URL (or label) as plain text."""
    shown = label if label is not None else (url or "")
    checked = safe_url(url)
    if checked is None:
        return f'<span class="url">{isolated(shown)}</span>'
    return f'<a href="{text(checked)}" rel="nofollow noopener noreferrer">{isolated(shown)}</a>'


def json_ld(document: dict[str, Any]) -> str:
    """A `<script type="application/ld+json">` block that no text inside can break."""
    data = json.dumps(document, ensure_ascii=False, indent=1)
    data = data.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    data = data.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/ld+json">\n{_CONTROL.sub("", data)}\n</script>'


def _digest(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()


def page(title: str, body: str, style: str, script: str = "") -> str:
    """A whole HTML document: its policy, its one style sheet and script, the body.
    `title` is plain text; `body` is HTML built with the functions above."""
    policy = [
        "default-src 'none'",
        f"style-src '{_digest(style)}'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    if script:
        policy.insert(2, f"script-src '{_digest(script)}'")
    scripted = f"<script>{script}</script>\n" if script else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{"; ".join(policy)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{text(title)}</title>\n"
        f"<style>{style}</style>\n"
        f"{scripted}</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
