"""A rating scale's definition read from a file an organisation keeps (TOML or JSON)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from claims.printable import printable
from domain.errors import InvalidInput

# A scale is a few dozen lines; anything this big is the wrong file.
MAX_SCALE_FILE_BYTES = 64 * 1024


def read_scale_definition(path: Path) -> dict[str, Any]:
    """{"name": ..., "ratings": [{"key", "label", "value"}, ...]} from `path`: TOML when
    the name ends in .toml, JSON otherwise. Every problem is one InvalidInput line."""
    name = printable(str(path))  # a path may hold a newline or an escape sequence
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SCALE_FILE_BYTES + 1)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        problem = (exc.strerror or str(exc)) if isinstance(exc, OSError) else "a NUL in the name"
        msg = f"cannot read {name}: {problem}"
        raise InvalidInput(msg) from None
    if len(data) > MAX_SCALE_FILE_BYTES:
        msg = f"{name} is larger than {MAX_SCALE_FILE_BYTES // 1024} KiB; is it a scale?"
        raise InvalidInput(msg)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = f"{name} is not UTF-8 text (byte {exc.start})"
        raise InvalidInput(msg) from None
    try:
        parsed: Any = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        kind = "TOML" if path.suffix.lower() == ".toml" else "JSON"
        msg = f"{name} is not valid {kind}: {' '.join(str(exc).split())}"
        raise InvalidInput(msg) from None
    if not isinstance(parsed, dict):
        msg = f"{name} must hold one scale: a name and a list of ratings"
        raise InvalidInput(msg)
    return parsed
