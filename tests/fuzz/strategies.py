"""Hypothesis strategies for hostile and careless input: texts, article files, scales, ids.

Two families of text, because the text policy treats them differently:
- `clean_text`: anything a person could mean (any script, emoji, combining marks,
  zero-width and bidi format characters, SQL and shell metacharacters, quotes,
  backslashes, blank or padded values, values too long): it must be stored as given
  (stripped) or refused with one line, the same on SQLite and PostgreSQL;
- `dirty_text`: the same with at least one character no text may hold (a C0 control
  other than tab, newline and carriage return; DEL; a C1 control; an unpaired surrogate):
  refused from the command line and a scale file, removed from an article.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

# C0 controls except TAB, LF and CR; DEL; the C1 controls.
FORBIDDEN_CONTROLS = (
    [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)]
    + ["\x7f"]
    + [chr(c) for c in range(0x80, 0xA0)]
)
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udcff", "\udfff"]
# The bidi embeddings, overrides and isolates: stored, but never shown raw.
BIDI_CONTROLS = [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]

# Characters people really type, the ones that trip parsers and shells, and the ones
# that fool the eye.
METACHARACTERS = [
    "'; DROP TABLE stored_events; --",
    "' OR '1'='1",
    '"',
    "\\",
    "%",
    "_",
    "%_%",
    "$(touch pwned)",
    "`id`",
    "; rm -rf ~",
    "| cat /etc/passwd",
    "&&",
    "${HOME}",
    "*",
    "../../etc/passwd",
    "{0}",
    "%s%n",
    "<script>alert(1)</script>",
    "NULL",
    "null",
    "\u200b",
    "\ufeff",
    "\u00ad",
    "e\u0301",
    "\U0001f600",
    "\u0645\u0631\u062d\u0628\u0627",
    "\u2028",
    "\uffff",
    "\U0010ffff",
    "-",
    "--",
    "#",
]

_TYPED = st.characters(exclude_categories=("Cc", "Cs"))


def _padded(core: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(["", " ", "\t", "  "]), core, st.sampled_from(["", " "])).map(
        "".join
    )


clean_piece = st.one_of(
    st.text(_TYPED, min_size=1, max_size=12),
    st.sampled_from(METACHARACTERS),
    st.sampled_from(BIDI_CONTROLS),
    st.from_regex(r"[A-Za-z][a-z ]{0,20}", fullmatch=True),
)

# Free text: what a note, reason or rationale may hold. A few are blank or too long.
clean_text = st.one_of(
    _padded(st.lists(clean_piece, min_size=1, max_size=5).map(" ".join)),
    st.sampled_from(["", " ", "\t", "x" * 5_001]),
)

# One-line text (speaker, title, label): as above, at most 300 characters mostly.
clean_line = st.one_of(
    _padded(st.lists(clean_piece, min_size=1, max_size=4).map(" ".join)),
    st.sampled_from(["", " ", "y" * 301]),
)

forbidden_character = st.sampled_from(FORBIDDEN_CONTROLS + SURROGATES)
control_character = st.sampled_from(FORBIDDEN_CONTROLS)


@st.composite
def with_inserted(draw: st.DrawFn, base: str, chars: st.SearchStrategy[str]) -> str:
    """`base` with one to three of `chars` put at drawn places."""
    text = base
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(chars) + text[at:]
    return text


@st.composite
def dirty_text(draw: st.DrawFn, chars: st.SearchStrategy[str] = forbidden_character) -> str:
    """Meaningful free text holding at least one character no stored text may hold."""
    base = draw(st.lists(clean_piece, min_size=1, max_size=3).map(" ".join))
    return draw(with_inserted("Note " + base, chars))


def forbidden_in(text: str) -> list[str]:
    """The characters of `text` the policy forbids, in order."""
    banned = set(FORBIDDEN_CONTROLS)
    return [c for c in text if c in banned or 0xD800 <= ord(c) <= 0xDFFF]


def without_forbidden(text: str) -> str:
    banned = set(FORBIDDEN_CONTROLS)
    return "".join(c for c in text if c not in banned)


# --- ids ---

HEX = "0123456789abcdef"


@st.composite
def id_reference(draw: st.DrawFn, known: list[str]) -> str:
    """What someone may type for an id: a real id's prefix in any case, with dashes and
    spaces, one changed, or something else entirely."""
    kind = draw(st.sampled_from(["prefix", "altered", "hex", "anything"]))
    if kind in ("prefix", "altered") and known:
        full = draw(st.sampled_from(known))
        text = full if draw(st.booleans()) else full.replace("-", "")
        text = text[: draw(st.integers(1, len(text)))]
        if kind == "altered":
            at = draw(st.integers(0, len(text) - 1))
            text = text[:at] + draw(st.sampled_from(HEX + "g-xZ ")) + text[at + 1 :]
        if draw(st.booleans()):
            text = text.upper()
        return draw(st.sampled_from(["", " ", "\n"])) + text + draw(st.sampled_from(["", " "]))
    if kind == "hex":
        return draw(st.text(st.sampled_from(HEX + HEX.upper() + "-"), max_size=40))
    return draw(st.one_of(clean_text, dirty_text(), st.sampled_from(METACHARACTERS)))


# --- article files ---

# Sentences the extractor finds check-worthy, so an accepted article yields claims.
SENTENCES = [
    "The minister said exports rose 12 percent in March.",
    "According to the agency, inflation fell to 3.1 percent last year.",
    "China-Russia trade totaled $240 billion last year, officials said.",
    "The mayor said the city hired 400 new teachers in 2023.",
]


@st.composite
def article_body(draw: st.DrawFn) -> str:
    """Paragraphs of news sentences mixed with hostile clean text."""
    pieces = draw(
        st.lists(st.one_of(st.sampled_from(SENTENCES), clean_piece), min_size=1, max_size=6)
    )
    return "\n\n".join(pieces)


@st.composite
def article_fields(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "title": draw(st.one_of(st.sampled_from(["Exports", "Trade talks"]), clean_line)),
        "text": draw(article_body()),
        "published": draw(st.sampled_from(["2024-05-01", "2023-12-31", None])),
        "url": draw(st.sampled_from([None, "https://news.example/a", ""])),
    }


def render_article(fmt: str, fields: dict[str, Any]) -> bytes:
    """One article as a file of the given format."""
    title, text = fields["title"], fields["text"]
    if fmt == "jsonl":
        return (json.dumps(fields, ensure_ascii=False) + "\n").encode("utf-8", "surrogatepass")
    if fmt == "seed":
        day = fields["published"] or "2024-05-01"
        content = f"date {day} {title} {title} 12:34\n\n{text}\n"
    elif fmt == "markdown":
        content = f"# {title}\n\n{text}\n"
    else:
        content = f"{title}\n\n{text}\n"
    return content.encode("utf-8", "surrogatepass")


FILE_NAMES = {
    "seed": "seed.txt",
    "text": "story.txt",
    "markdown": "story.md",
    "jsonl": "batch.jsonl",
}

# Lines a careless or hostile JSON Lines file holds besides good records.
odd_json_lines = st.sampled_from(
    [
        "",
        "   ",
        "{",
        "[]",
        "null",
        '"text"',
        '{"title": "T"}',
        '{"title": 1, "text": "x"}',
        '{"title": "T", "text": ""}',
        '{"title": "T", "text": "Exports rose 5 percent.", "published": "2024-02-30"}',
        '{"title": "T", "text": "Exports rose 5 percent.", "published": 20240501}',
        '{"title": "T", "text": "Exports rose 5 percent.", "url": 7}',
        '{"title": "T", "text": "Exports rose 5 percent.", "extra": {"a": [1, 2]}}',
        '{"title": "T", "text": "Exports rose 5 percent."} trailing',
        '{"title": "T", "text": "Exports rose 5 percent.", "title": "again"}',
        '\ufeff{"title": "T", "text": "Exports rose 6 percent."}',
    ]
)


@st.composite
def jsonl_batch(draw: st.DrawFn) -> bytes:
    """A JSON Lines batch: good records with hostile text, odd lines among them."""
    lines = draw(
        st.lists(
            st.one_of(
                st.tuples(article_fields(), st.booleans()).map(
                    lambda pair: json.dumps(pair[0], ensure_ascii=pair[1])
                ),
                odd_json_lines,
            ),
            min_size=1,
            max_size=5,
        )
    )
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    return ending.join(lines).encode("utf-8")


# --- rating scales ---

_good_key = st.from_regex(r"[a-z0-9][a-z0-9-]{0,8}", fullmatch=True)
rating_key = st.one_of(
    _good_key,
    _good_key,
    _good_key,
    st.sampled_from(["true", "false", "Mixed", " pants ", "a" * 41, "", "x y", "-no"]),
)


@st.composite
def scale_definition(draw: st.DrawFn, label: st.SearchStrategy[str] | None = None) -> Any:
    """A scale as an organisation may write it, valid or nearly so."""
    plain = st.from_regex(r"[A-Z][a-z]{1,10}", fullmatch=True)
    labels = label or st.one_of(plain, plain, clean_line)
    ratings = draw(
        st.lists(
            st.fixed_dictionaries(
                {"key": rating_key, "label": labels},
                optional={
                    "value": st.one_of(
                        st.integers(0, 10), st.none(), st.sampled_from([-1, 1001, "3", 2.5])
                    )
                },
            ),
            min_size=draw(st.sampled_from([1, 2, 2, 2])),
            max_size=5,
            unique_by=(
                lambda r: r["key"].strip().casefold(),
                lambda r: r["label"].strip().casefold(),
            ),
        )
    )
    word = st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,10}", fullmatch=True)
    name = draw(st.one_of(word, word, word, labels))
    definition: Any = {"name": name, "ratings": ratings}
    return draw(st.sampled_from([definition, definition, definition, definition, ratings, name]))


def toml_of(definition: Any) -> str | None:
    """The definition as TOML, or None when TOML cannot say it (not a table)."""
    if not isinstance(definition, dict):
        return None
    lines = [f"name = {_toml_value(definition['name'])}"]
    for rating in definition["ratings"]:
        lines.append("[[ratings]]")
        lines.extend(
            f"{key} = {_toml_value(value)}" for key, value in rating.items() if value is not None
        )
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    # A JSON string is a TOML basic string, escapes included (a lone surrogate or a raw
    # DEL makes the file invalid TOML, which is one more careless file to refuse).
    return json.dumps(value, ensure_ascii=False)
