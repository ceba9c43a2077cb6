"""Entry point: assemble the command modules onto the app."""

from __future__ import annotations

from claims.cli import (  # noqa: F401  (importing registers the commands)
    audit_commands,
    copy_command,
    demo_command,
    evidence_commands,
    ingest_command,
    projection_commands,
    read_commands,
    read_model_commands,
    report_commands,
    scale_commands,
    setup_command,
    similar_command,
    team_commands,
    write_commands,
)
from claims.cli.app import app


def main() -> None:
    app()
