"""Fixtures of the projection tests: the CLI with the projection commands on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import typer


@pytest.fixture
def cli_app() -> Iterator[typer.Typer]:
    """The `claims` app with the projection commands registered for this test only
    (until claims.cli.main imports them, other tests must not see them)."""
    from claims.cli.app import app

    commands = list(app.registered_commands)
    groups = list(app.registered_groups)
    import claims.cli.projection_commands as module

    module.register(app)
    try:
        yield app
    finally:
        app.registered_commands[:] = commands
        app.registered_groups[:] = groups
