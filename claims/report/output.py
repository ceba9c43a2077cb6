"""Writing a page to --out atomically: a temporary file in the same folder, then
`os.replace`, so a reader (or a killed run) never sees half a page."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from domain.errors import InvalidInput

if TYPE_CHECKING:
    from claims.store import StoreLocation


def check_target(out: Path) -> None:
    """Refuse, before any work, a target that is a folder or whose folder is missing."""
    if out.is_dir():
        msg = f"cannot write {out}: it is a directory"
        raise InvalidInput(msg)
    parent = out.parent
    if not parent.is_dir():
        msg = f"cannot write {out}: the folder {parent} does not exist"
        raise InvalidInput(msg)


def write_atomically(out: Path, content: str) -> None:
    check_target(out)
    data = content.encode("utf-8", "replace")
    try:
        handle, temporary = tempfile.mkstemp(
            dir=out.parent, prefix=f".{out.name}.", suffix=".partial"
        )
    except OSError as exc:
        msg = f"cannot write {out}: {exc.strerror}"
        raise InvalidInput(msg) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, out)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        msg = f"cannot write {out}: {exc.strerror}"
        raise InvalidInput(msg) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def beside_store(location: StoreLocation, suffix: str) -> Path:
    """A file named after a SQLite store, in the store's folder (`claims.db` ->
    `claims{suffix}`); for a PostgreSQL or memory store, in the current folder."""
    if location.kind == "sqlite":
        store = Path(location.target)
        return store.with_name(f"{store.stem}{suffix}")
    return Path(f"claims{suffix}")
