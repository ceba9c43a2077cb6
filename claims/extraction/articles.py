"""Reading article files (seed transcript, plain text, Markdown, JSON Lines) into bodies.

Every refusal is an ArticleError whose message is one line naming the file and the fault,
because the CLI prints it as is on stderr.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import NoReturn

from claims.extraction.errors import ArticleError
from claims.printable import printable
from domain.text import clean_article_text, refused_character, unpaired_surrogate

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
# A JSON Lines batch holds many articles; each line is still held to MAX_ARTICLE_BYTES.
MAX_BATCH_BYTES = 256 * 1024 * 1024
FORMATS = ("seed", "text", "markdown", "jsonl")

# The seed transcript's header: "date YYYY-MM-DD <title> <title repeated> <mm:ss>".
_SEED_HEADER = re.compile(r"^\s*date\s+(\S+)\s+(.+?)\s+\d{1,2}:\d{2}\s*$")
_LOOKS_LIKE_SEED = re.compile(r"^\s*date\s+\d{4}-")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MARKDOWN_TITLE = re.compile(r"^#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")


@dataclass(frozen=True)
class ParsedArticle:
    """One article as it will be registered; claim spans index into `text`."""

    title: str
    published: date | None
    url: str | None
    text: str


def parse_articles(data: bytes, *, filename: str, fmt: str | None = None) -> list[ParsedArticle]:
    """Parse an article file; `fmt` None detects the format from the name and the content."""
    declared_jsonl = fmt == "jsonl" or (
        fmt is None and PurePath(filename).suffix.lower() in {".jsonl", ".ndjson"}
    )
    if declared_jsonl and len(data) > MAX_BATCH_BYTES:
        _fail(filename, f"is {len(data):,} bytes; a batch may hold {MAX_BATCH_BYTES:,} bytes")
    if not declared_jsonl and len(data) > MAX_ARTICLE_BYTES:
        _fail(filename, f"is {len(data):,} bytes; the limit is {MAX_ARTICLE_BYTES:,} bytes (5 MB)")
    content = _decode(data, filename)
    if not content.strip():
        _fail(filename, "is empty")
    chosen = fmt if fmt is not None else _detect(content, filename)
    if chosen == "seed":
        return [_parse_seed(content, filename)]
    if chosen == "text":
        return [_parse_text(content, filename)]
    if chosen == "markdown":
        return [_parse_markdown(content, filename)]
    if chosen != "jsonl":
        _fail(filename, f"unknown format {chosen!r}; use one of {', '.join(FORMATS)}")
    return _parse_jsonl(content, filename)


def _fail(filename: str, problem: str) -> NoReturn:
    # Messages go to a terminal line by line: never let a stray newline split one, nor
    # a file name's escape sequence or line separator reach it raw.
    message = f"{printable(filename)}: {problem}".replace("\r", " ").replace("\n", " ")
    raise ArticleError(message)


def _decode(data: bytes, filename: str) -> str:
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start]
        _fail(filename, f"is not UTF-8: byte 0x{bad:02x} at offset {error.start} is invalid")
    # A byte-order mark is an encoding artefact, not text; CRLF and CR endings become LF
    # so that spans mean the same on every platform.
    content = content.removeprefix("\ufeff")
    return _cleaned(content)


def _cleaned(text: str) -> str:
    """CRLF and CR endings become LF, so that spans mean the same on every platform,
    and the control characters news never needs are dropped (`domain.text`)."""
    return clean_article_text(text.replace("\r\n", "\n").replace("\r", "\n"))


def _detect(content: str, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    if suffix in {".jsonl", ".ndjson"}:
        return "jsonl"
    if suffix in {".md", ".markdown"}:
        return "markdown"
    first = _first_line(content)
    if _LOOKS_LIKE_SEED.match(first):
        return "seed"
    if first.lstrip().startswith("{"):
        return "jsonl"
    if _MARKDOWN_TITLE.match(first):
        return "markdown"
    return "text"


def _first_line(content: str) -> str:
    for line in content.split("\n"):
        if line.strip():
            return line
    return ""


def _body(lines: list[str]) -> str:
    """Join body lines, dropping blank lines at either end and nothing else."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end])


def _split_first_line(content: str) -> tuple[str, list[str]]:
    lines = content.split("\n")
    index = next(i for i, line in enumerate(lines) if line.strip())
    return lines[index], lines[index + 1 :]


def _parse_seed(content: str, filename: str) -> ParsedArticle:
    header, rest = _split_first_line(content)
    match = _SEED_HEADER.match(header)
    if match is None:
        shown = header.strip()[:60]
        _fail(filename, f"header {shown!r} is not 'date YYYY-MM-DD <title> <title> <mm:ss>'")
    published = _parse_date(match.group(1), filename, where="in the header")
    body = _body(rest)
    if not body.strip():
        _fail(filename, "has a header but no body")
    return ParsedArticle(title=_undouble(match.group(2)), published=published, url=None, text=body)


def _undouble(titles: str) -> str:
    # The transcript header repeats the title; keep one copy.
    words = titles.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return " ".join(words)


def _parse_text(content: str, filename: str) -> ParsedArticle:
    title, rest = _split_first_line(content)
    body = _body(rest)
    if not body.strip():
        _fail(filename, "has a title line but no body")
    return ParsedArticle(title=title.strip(), published=None, url=None, text=body)


def _parse_markdown(content: str, filename: str) -> ParsedArticle:
    lines = content.split("\n")
    for index, line in enumerate(lines):
        match = _MARKDOWN_TITLE.match(line)
        if match is not None:
            title = match.group(1).strip()
            rest = lines[:index] + lines[index + 1 :]
            break
    else:
        first, rest = _split_first_line(content)
        title = first.strip().lstrip("#").strip()
    body = _body(rest)
    if not body.strip():
        _fail(filename, "has a title but no body")
    return ParsedArticle(title=title, published=None, url=None, text=body)


def _parse_jsonl(content: str, filename: str) -> list[ParsedArticle]:
    articles = []
    for number, line in enumerate(content.split("\n"), start=1):
        # A character is at most 4 bytes: only long lines need encoding to be measured.
        if len(line) * 4 > MAX_ARTICLE_BYTES and len(line.encode("utf-8")) > MAX_ARTICLE_BYTES:
            _fail(filename, f"line {number} is over the {MAX_ARTICLE_BYTES:,}-byte article limit")
        if line.strip():
            articles.append(_parse_json_line(line, number, filename))
    return articles


def _parse_json_line(line: str, number: int, filename: str) -> ParsedArticle:
    where = f"line {number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        _fail(filename, f"{where} is not valid JSON ({error.msg} at column {error.colno})")
    if not isinstance(record, dict):
        _fail(filename, f"{where} is not a JSON object")
    for key in ("title", "text"):
        value = record.get(key)
        if not isinstance(value, str) or not value.strip():
            _fail(filename, f'{where} lacks "{key}" (a non-empty string)')
    published = record.get("published")
    if published is not None and not isinstance(published, str):
        _fail(filename, f'{where}: "published" must be a YYYY-MM-DD string or null')
    url = record.get("url")
    if url is not None and not isinstance(url, str):
        _fail(filename, f'{where}: "url" must be a string or null')
    for key in ("title", "text", "url"):
        # A JSON escape can spell what UTF-8 cannot: half of a surrogate pair.
        refused = unpaired_surrogate(record.get(key) or "")
        if refused is not None:
            _fail(filename, f'{where}: "{key}" holds {refused}')
    if url is not None and (refused := refused_character(url, "line")) is not None:
        _fail(filename, f'{where}: "url" holds {refused}')
    text = _body(_cleaned(record["text"]).split("\n"))
    title = " ".join(_cleaned(record["title"]).split())
    if not text.strip() or not title:
        _fail(filename, f'{where} lacks "{"title" if not title else "text"}" (a non-empty string)')
    return ParsedArticle(
        title=title,
        published=None
        if published is None
        else _parse_date(published, filename, where=f"on {where}"),
        url=url.strip() or None if url is not None else None,
        text=text,
    )


def _parse_date(value: str, filename: str, *, where: str) -> date:
    if not _ISO_DATE.match(value):
        _fail(filename, f"bad date {value[:40]!r} {where} (want YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        _fail(filename, f"bad date {value!r} {where}: {error}")
