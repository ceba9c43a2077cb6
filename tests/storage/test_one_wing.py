"""Only claims/storage/ knows which store it is: nothing else names a backend, reaches
into the library's connection pools or reads the store's environment variable, and
the storage wing imports nothing above it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

CLAIMS = Path(__file__).resolve().parents[2] / "claims"
STORAGE = CLAIMS / "storage"

# What deciding or guessing the kind of store looks like in source.
BACKEND_GUESSES = {
    "a comparison with a kind of store": re.compile(
        r"""kind\s*[!=]=\s*["'](sqlite|postgres|memory)["']"""
    ),
    "the recorder's module name": re.compile(r"__module__"),
    "the library's datastore": re.compile(r"\.datastore\b"),
    "a connection pool": re.compile(r"\.pool\b|get_connection\("),
    "a backend's module": re.compile(r"eventsourcing\.(sqlite|postgres|popo)\b"),
    "the events table by name": re.compile(r"""["'](\w+\.)?(claims|stored)_events["']"""),
    "the store's environment variable": re.compile(r"""["']CLAIMS_DB["']"""),
    "a guess from settings": re.compile(r"""["'](PERSISTENCE_MODULE|POSTGRES_DBNAME)["']"""),
}
# The layers above the storage wing, which it must never import.
ABOVE = ("claims.application", "claims.audit", "claims.projections", "claims.cli")


def _outside_storage() -> list[Path]:
    return [p for p in sorted(CLAIMS.rglob("*.py")) if STORAGE not in p.parents]


@pytest.mark.parametrize("what", sorted(BACKEND_GUESSES))
def test_nothing_outside_the_storage_wing_names_a_backend(what: str) -> None:
    pattern = BACKEND_GUESSES[what]
    found = [
        f"{path.relative_to(CLAIMS.parent)}:{number}: {line.strip()}"
        for path in _outside_storage()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found, f"{what} outside claims/storage/:\n" + "\n".join(found)


def test_the_storage_wing_imports_nothing_above_it() -> None:
    found = []
    for path in sorted(STORAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            found += [
                f"{path.name}: {name}"
                for name in names
                if any(name == a or name.startswith(f"{a}.") for a in ABOVE)
            ]
    assert not found


def test_the_scan_would_see_a_backend_guess() -> None:
    """The patterns match what they are meant to catch."""
    samples = {
        "a comparison with a kind of store": 'if where.kind == "postgres":',
        "the recorder's module name": "type(recorder).__module__",
        "the library's datastore": "ledger.recorder.datastore.transaction(commit=False)",
        "a connection pool": "recorder.datastore.pool.kwargs",
        "a backend's module": '"eventsourcing.sqlite"',
        "the events table by name": 'EVENTS_TABLE = "claims_events"',
        "the store's environment variable": 'os.environ.get("CLAIMS_DB")',
        "a guess from settings": 'if "POSTGRES_DBNAME" in env:',
    }
    assert samples.keys() == BACKEND_GUESSES.keys()
    for what, line in samples.items():
        assert BACKEND_GUESSES[what].search(line), what
