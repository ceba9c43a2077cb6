"""Where a page goes, and writing it there whole or not at all (`claims.atomic`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from claims.atomic import check_writable, write_atomically

if TYPE_CHECKING:
    from claims.storage.location import StoreLocation


def check_target(out: Path) -> None:
    """Refuse, before any work, a target that is a folder or whose folder is missing."""
    check_writable(out)


def write_page(out: Path, content: str) -> None:
    """The page, whole or not at all (see `claims.atomic`)."""
    write_atomically(out, [content.encode("utf-8", "replace")])


def beside_store(location: StoreLocation, suffix: str) -> Path:
    """A file named after a SQLite store, in the store's folder (`claims.db` ->
    `claims{suffix}`); for a PostgreSQL or memory store, in the current folder."""
    store = location.file
    if store is not None:
        return store.with_name(f"{store.stem}{suffix}")
    return Path(f"claims{suffix}")
