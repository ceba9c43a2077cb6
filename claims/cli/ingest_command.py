"""`claims ingest FILE...`: articles in, check-worthy claims out."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claims.cli import render
from claims.cli.app import app
from claims.cli.session import session

if TYPE_CHECKING:
    from claims.views import IngestResult

# Above this many articles a terminal gets a progress bar (on stderr).
_PROGRESS_FROM = 20


@app.command()
def ingest(
    ctx: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(help="Article files: seed, text, Markdown, JSONL.")
    ],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="seed, text, markdown or jsonl [default: detected]."),
    ] = None,
    url: Annotated[str | None, typer.Option(help="The article's URL (overrides the file).")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD (overrides the file).")
    ] = None,
    min_score: Annotated[
        float | None,
        typer.Option(
            min=0.0, max=1.0, help="Keep sentences scoring at least this [default: tuned]."
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per article (JSON Lines).")
    ] = False,
) -> None:
    """Register articles and their check-worthy claims (exact quote, span, speaker, score).

    Every file is read and parsed before anything is stored, so a bad file stores nothing.
    The same article again adds nothing; a claim already known from another article
    gets a new appearance instead of a second claim."""
    from claims.audit.activity import parse_moment
    from claims.extraction import DEFAULT_MIN_SCORE, parse_articles

    articles = []
    for path in files:
        articles.extend(parse_articles(_read(path), filename=path.name, fmt=fmt))
    day = parse_moment(published, what="--published").date() if published else None
    s = session(ctx)
    ledger = s.ledger()
    threshold = DEFAULT_MIN_SCORE if min_score is None else min_score

    def run(on_article: Callable[[], None] | None = None) -> list[IngestResult]:
        return ledger.ingest(
            articles,
            by=s.actor,
            min_score=threshold,
            url=url,
            published=day,
            on_article=on_article,
        )

    if len(articles) >= _PROGRESS_FROM and sys.stderr.isatty() and not as_json:
        with typer.progressbar(length=len(articles), label="ingesting", file=sys.stderr) as bar:
            results = run(lambda: bar.update(1))
    else:
        results = run()
    for result in results:
        if as_json:
            typer.echo(render.compact_json(result.as_json()))
        else:
            typer.echo(_summary(result))


def _read(path: Path) -> bytes:
    """The file's bytes; parse_articles enforces the size limits (checked first here,
    so a huge file is refused before it is read into memory)."""
    from claims.extraction import MAX_BATCH_BYTES, ArticleError

    try:
        if path.stat().st_size > MAX_BATCH_BYTES:
            msg = f"{path.name}: is larger than the {MAX_BATCH_BYTES:,}-byte limit"
            raise ArticleError(msg)
        return path.read_bytes()
    except OSError as exc:
        msg = f"cannot read {path}: {exc.strerror}"
        raise ArticleError(msg) from None


def _summary(result: IngestResult) -> str:
    article = result.article
    head = f"article {render.short(article.id)} {article.title} ({article.published})"
    if result.already_ingested:
        return f"{head}: already ingested; nothing added"
    new = [c for c in result.claims if c.new]
    seen = len(result.claims) - len(new)
    lines = [f"{head}: {len(new)} new claims, {seen} already known"]
    if new:
        lines.append(
            render.table(
                ["ID", "SCORE", "SPEAKER", "CLAIM"],
                [
                    [
                        render.short(c.id),
                        f"{c.checkworthiness:.2f}",
                        render.clip(c.speaker or "-", 24),
                        render.clip(c.text, 80),
                    ]
                    for c in new
                ],
            )
        )
    for c in new:
        for match in c.similar:
            lines.append(
                f"possible duplicate: {render.short(c.id)} ~ {render.short(match.id)} "
                f"({match.score:.2f}) {render.clip(match.text, 60)}"
            )
    if any(c.similar for c in new):
        lines.append("nothing merged: confirm with `claims duplicate ID --of ORIGINAL`")
    return "\n".join(lines)
