"""Fixtures of the projection tests: the whole `claims` app, as the console script runs it."""

from __future__ import annotations

import pytest
import typer


@pytest.fixture
def cli_app() -> typer.Typer:
    from claims.cli.main import app

    return app
