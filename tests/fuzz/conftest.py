"""Each fuzz test works in an empty directory, without CLAIMS_* variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.support import CLAIMS_ENV


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cwd"
    directory.mkdir()
    monkeypatch.chdir(directory)
    for name in CLAIMS_ENV:
        monkeypatch.delenv(name, raising=False)
    return directory
