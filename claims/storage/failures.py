"""What kind of store failure an exception is, decided by the errors' types, never
their text: a lock held past the timeout, a lost connection, a refused privilege.

The library wraps a driver's error in its own (`eventsourcing.persistence.
OperationalError` from a `psycopg` or `sqlite3` one), so the whole chain of causes
is looked at. A driver module that was never imported raised nothing here, so
nothing is imported to ask (start-up stays cheap).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

# sqlite3's primary result codes (an extended code keeps them in its low byte).
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CANTOPEN = 14
_SQLITE_PERM = 3
_SQLITE_AUTH = 23


def causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and every exception behind it, outermost first."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _sqlite_code(exc: BaseException) -> int | None:
    sqlite3 = sys.modules.get("sqlite3")
    if sqlite3 is None or not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_busy(exc: BaseException) -> bool:
    """Another process held a lock past the store's lock timeout (or a statement
    ran past its timeout): nothing was written; trying again may succeed."""
    psycopg = sys.modules.get("psycopg")
    for cause in causes(exc):
        if psycopg is not None and isinstance(
            cause, psycopg.errors.LockNotAvailable | psycopg.errors.QueryCanceled
        ):
            return True
        if _sqlite_code(cause) in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return True
    return False


def is_denied(exc: BaseException) -> bool:
    """The store refused this role (PostgreSQL privileges; a read-only SQLite file)."""
    psycopg = sys.modules.get("psycopg")
    for cause in causes(exc):
        if psycopg is not None and isinstance(cause, psycopg.errors.InsufficientPrivilege):
            return True
        if _sqlite_code(cause) in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_AUTH):
            return True
    return False


def is_disconnected(exc: BaseException) -> bool:
    """The connection to the store failed or was lost (not a lock, not a privilege)."""
    if is_busy(exc) or is_denied(exc):
        return False
    psycopg = sys.modules.get("psycopg")
    for cause in causes(exc):
        if psycopg is not None and isinstance(
            cause, psycopg.OperationalError | psycopg.InterfaceError
        ):
            return True
        if _sqlite_code(cause) in (_SQLITE_IOERR, _SQLITE_CANTOPEN):
            return True
    return False


def is_store_error(exc: BaseException) -> bool:
    """Whether the library or a store's driver raised `exc` (not our own code)."""
    return type(exc).__module__.startswith(("eventsourcing", "psycopg", "sqlite3"))
