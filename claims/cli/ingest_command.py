"""`claims ingest FILE...`: articles in, check-worthy claims out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claims.cli import render
from claims.cli.app import app
from claims.cli.choices import ArticleFormat
from claims.cli.progress import ProgressBar
from claims.cli.session import session
from claims.printable import printable

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
        ArticleFormat | None,
        typer.Option("--format", help="The files' format [default: detected from each file]."),
    ] = None,
    url: Annotated[str | None, typer.Option(help="The article's URL (overrides the file).")] = None,
    published: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="Publication date YYYY-MM-DD (overrides the file; plain text and Markdown "
            "carry none, so they need it).",
        ),
    ] = None,
    min_score: Annotated[
        float | None,
        typer.Option(help="Keep sentences scoring at least this, 0 to 1 [default: tuned]."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per article (JSON Lines).")
    ] = False,
) -> None:
    """Register articles and their check-worthy claims (exact quote, span, speaker, score).

    Every file is read and parsed before anything is stored, so a bad file stores nothing.
    The same article again adds nothing; a claim already known from another article
    gets a new appearance instead of a second claim.

    \b
    Example:
      claims ingest article.txt --published 2024-05-20 --url https://example.org/trade
    """
    from claims.extraction import DEFAULT_MIN_SCORE, parse_articles
    from claims.moments import parse_moment

    # Checked here rather than as the option's range, which reports nan as "over 1".
    if min_score is not None and not 0.0 <= min_score <= 1.0:
        msg = f"{min_score} is not a score from 0 to 1"
        raise typer.BadParameter(msg, param_hint="'--min-score'")

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

    bar = ProgressBar.on_terminal(
        "ingesting", "articles", unless=as_json or len(articles) < _PROGRESS_FROM
    )
    if bar is not None:
        done = [0]

        def advance() -> None:
            done[0] += 1
            bar.show(done[0], len(articles))

        try:
            results = run(advance)
        finally:
            bar.close()
    else:
        results = run()
    for result in results:
        if as_json:
            render.emit_line(render.compact_json(result.as_json()))
        else:
            render.show(_summary(result))


def _read(path: Path) -> bytes:
    """The file's bytes; parse_articles enforces the size limits (checked first here,
    so a huge file is refused before it is read into memory)."""
    from claims.extraction import MAX_BATCH_BYTES, ArticleError
    from claims.printable import printable

    try:
        if path.stat().st_size > MAX_BATCH_BYTES:
            msg = f"{printable(path.name)}: is larger than the {MAX_BATCH_BYTES:,}-byte limit"
            raise ArticleError(msg)
        return path.read_bytes()
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        problem = exc.strerror if isinstance(exc, OSError) else "the name holds a NUL character"
        msg = f"cannot read {printable(str(path))}: {problem}"
        raise ArticleError(msg) from None


def _summary(result: IngestResult) -> str:
    article = result.article
    head = f"article {render.short(article.id)} {article.title} ({article.published})"
    if result.already_ingested:
        return printable(f"{head}: already ingested; nothing added")
    new = [c for c in result.claims if c.new]
    seen = len(result.claims) - len(new)
    lines = [printable(f"{head}: {len(new)} new claims, {seen} already known")]
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
