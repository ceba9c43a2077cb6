"""Hostile text through a real `claims` process: argv as bytes, a real stderr, exit codes
from the interpreter, not from CliRunner."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given

from tests.cli.support import describe, run_process
from tests.fuzz.strategies import clean_text
from tests.fuzz.support import fuzz_settings


@pytest.mark.slow
def test_a_real_process_stores_hostile_text_or_refuses_it_in_one_line(
    sqlite_url: str, workdir: Path
) -> None:
    env = {"CLAIMS_DB": sqlite_url, "CLAIMS_USER": "alice"}
    added = run_process(
        ["add", "Exports rose 12 percent", "--quote", "q", "--json"], workdir, env=env
    )
    assert added.returncode == 0, describe(added)
    claim = json.loads(added.stdout)["id"]

    @fuzz_settings(2, shrink=False)
    @given(text=clean_text)
    def note(text: str) -> None:
        process = run_process(["note", claim, text, "--json"], workdir, env=env)
        assert process.returncode in (0, 2), describe(process)
        assert "Traceback" not in process.stderr, describe(process)
        if process.returncode == 2:
            assert len(process.stderr.splitlines()) == 1, describe(process)
            return
        assert json.loads(process.stdout)["notes"][-1]["text"] == text.strip()

    note()

    # Bytes that are not UTF-8 reach Python as lone surrogates; the process refuses them.
    undecodable = os.fsdecode(b"caf\xe9")
    refused = run_process(["show", undecodable], workdir, env=env)
    assert refused.returncode == 2, describe(refused)
    assert len(refused.stderr.splitlines()) == 1, describe(refused)
