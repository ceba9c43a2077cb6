"""A writer waits for a follower to apply its events by listening, not polling.

A follower NOTIFYs each new position of the read models on `POSITION_CHANNEL` in the
transaction that reaches it (`tracking.ReadModelTracker.record`), so the notification
arrives when the rows are visible. A writer waiting for its events (read-your-writes)
LISTENs on a connection of its own, one per ledger, made on its first wait, and wakes
on the first position at or past its own. The connection LISTENs before it reads the
position, so a position reached between the two is never missed; and when nothing is
heard for `quiet_seconds` it reads the position again, for a follower that does not
announce (an older version). SQLite has no notifications: the tracker polls there.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from claims.projections.schema import BASE, TRACKING_TABLE
from claims.projections.tracking import POSITION_CHANNEL


class PositionListener:
    """A LISTEN on the read models' positions, on a connection of its own."""

    quiet_seconds = 0.25

    def __init__(self, store: Any) -> None:
        self._store = store
        self._connection: Any = None
        self._lock = threading.Lock()
        self._reached = 0  # the highest position heard or read

    def wait(self, position: int, seconds: float) -> bool:
        """Wait up to `seconds` for the base read model to reach `position`; whether
        it did. A failing connection is dropped (the next wait makes another) and
        its error raised, for the caller to fall back on polling."""
        deadline = time.monotonic() + seconds
        if not self._lock.acquire(timeout=seconds):
            return self._reached >= position
        try:
            if self._reached >= position:
                return True
            try:
                return self._wait(position, deadline)
            except Exception:
                self.close()
                raise
        finally:
            self._lock.release()

    def _wait(self, position: int, deadline: float) -> bool:
        connection = self._listening()
        self._read(connection)
        while self._reached < position:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            heard = False
            for notification in connection.notifies(
                timeout=min(remaining, self.quiet_seconds), stop_after=1
            ):
                heard = True
                if notification.payload.isdigit():
                    self._reached = max(self._reached, int(notification.payload))
            if not heard:
                self._read(connection)
        return True

    def _listening(self) -> Any:
        if self._connection is None:
            connection = self._store.location.connect()
            connection.execute(f'LISTEN "{POSITION_CHANNEL}"')
            self._connection = connection
        return self._connection

    def _read(self, connection: Any) -> None:
        row = connection.execute(
            f"SELECT position FROM {TRACKING_TABLE} WHERE name = %s AND generation > 0",  # noqa: S608
            (BASE,),
        ).fetchone()
        if row is not None:
            self._reached = max(self._reached, int(row[0]))

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()
