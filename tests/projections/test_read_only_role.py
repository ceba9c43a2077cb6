"""Reads never write: a PostgreSQL role granted SELECT and nothing else runs every
read command while a writer is busy on the same database."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

from claims.application import ClaimsLedger
from tests.cli.support import invoke
from tests.projections.support import EDITOR, FACT_CHECKER, claim, ledger_at, published

pytestmark = pytest.mark.postgres

# Every command that only reads, with the arguments it needs ({claim}: a claim id).
READ_COMMANDS = [
    ["list"],
    ["list", "--status", "published"],
    ["list", "--json"],
    ["show", "{claim}"],
    ["history", "{claim}"],
    ["diff", "{claim}", "1", "2"],
    ["queue", FACT_CHECKER],
    ["articles"],
    ["export", "claimreview"],
    ["export", "csv"],
    ["projections", "status"],
    ["audit", "log"],
    ["audit", "verify"],
    ["audit", "anchor"],
    ["scale"],
]


def _as_role(url: str, role: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    return urlunsplit(parts._replace(netloc=f"{role}@{host}:{parts.port or 5432}"))


@pytest.fixture
def select_only_url(postgres_url: str) -> Iterator[str]:
    """A login role that may SELECT every table and view of the test database, now
    and later (a rebuild makes new ones), and do nothing else."""
    import psycopg

    role = f"claims_reader_{uuid.uuid4().hex[:10]}"
    dbname = urlsplit(postgres_url).path.lstrip("/")
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{role}" LOGIN')
        admin.execute(f'GRANT CONNECT ON DATABASE "{dbname}" TO "{role}"')
        admin.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
        admin.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"')
        admin.execute(
            f'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO "{role}"'
        )
    try:
        yield _as_role(postgres_url, role)
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                (role,),
            )
            admin.execute(f'DROP OWNED BY "{role}"')
            admin.execute(
                f'ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM "{role}"'
            )
            admin.execute(f'DROP ROLE "{role}"')


@pytest.fixture
def desk_url(postgres_url: str) -> str:
    """A database with a published claim and its article, read models built."""
    with ledger_at(postgres_url) as ledger:
        published(ledger, "A claim checked and published")
    return postgres_url


def _busy_writer(url: str, stop: threading.Event, failures: list[BaseException]) -> None:
    try:
        with ledger_at(url) as ledger:
            claim_id = claim(ledger, "A claim a colleague keeps annotating")
            count = 0
            while not stop.is_set():
                ledger.add_note(claim_id, f"note {count}", by=EDITOR)
                count += 1
    except BaseException as exc:  # reported by the test
        failures.append(exc)


def _claim_id(url: str) -> str:
    with ledger_at(url) as ledger:
        return str(ledger.list_claims(status="published")[0].id)


def test_a_select_only_role_runs_every_read_command_while_a_writer_is_busy(
    desk_url: str, select_only_url: str
) -> None:
    claim_id = _claim_id(desk_url)
    stop = threading.Event()
    failures: list[BaseException] = []
    writer = threading.Thread(target=_busy_writer, args=(desk_url, stop, failures))
    writer.start()
    try:
        for _ in range(3):
            for words in READ_COMMANDS:
                args = [w.format(claim=claim_id) for w in words]
                result = invoke(["--db", select_only_url, *args])
                assert result.exit_code == 0, (args, result.output)
                assert "permission denied" not in result.output
    finally:
        stop.set()
        writer.join(timeout=60)
    assert not failures, failures


def test_a_select_only_role_cannot_write_so_reads_prove_they_never_do(
    desk_url: str, select_only_url: str
) -> None:
    result = invoke(["--db", select_only_url, "note", _claim_id(desk_url), "x"])

    assert result.exit_code == 1
    assert "permission denied" in result.stderr


def test_a_read_of_models_behind_the_log_answers_and_says_so_in_one_line(
    desk_url: str, select_only_url: str
) -> None:
    with ledger_at(desk_url) as ledger:
        ledger.catch_up_on_save = False  # as if no follower and no writer caught up
        claim(ledger, "A claim the read models have not seen")

    result = invoke(["--db", select_only_url, "list"])

    assert result.exit_code == 0, result.output
    assert "A claim checked and published" in result.stdout
    assert "have not seen" not in result.stdout
    [line] = result.stderr.splitlines()
    assert "1 event behind the event log" in line


def test_a_read_of_models_never_built_names_the_rebuild_and_exits_1(
    postgres_url: str, select_only_url: str
) -> None:
    with ledger_at(postgres_url) as ledger:
        ledger.catch_up_on_save = False
        claim(ledger, "Stored before any read model existed")

    result = invoke(["--db", select_only_url, "list"])

    assert result.exit_code == 1
    assert result.stderr.strip().endswith("run `claims projections rebuild --all`")


def test_no_read_takes_a_lock_a_writer_waits_for(desk_url: str) -> None:
    """A catch-up holding the read models' lock does not block a read."""
    from claims.projections.context import context_of

    with ledger_at(desk_url) as holder, ledger_at(desk_url) as reader:
        holder_ctx = context_of(holder)
        with holder_ctx.dialect.transaction(lock=True) as cur:
            cur.execute("SELECT name FROM rm_projections FOR UPDATE")
            cur.execute("LOCK TABLE claims_events IN EXCLUSIVE MODE")
            rows = _list_in_thread(reader)
        assert rows is not None, "the read waited for the lock"
        assert len(rows) == 1


def _list_in_thread(ledger: ClaimsLedger) -> list[object] | None:
    found: list[list[object]] = []
    thread = threading.Thread(target=lambda: found.append(list(ledger.list_claims())))
    thread.start()
    thread.join(timeout=10)
    return found[0] if found else None
