"""What the read models need of the ledger, and no more: a Protocol, so this floor
never imports the ledger it serves (`claims.application.ClaimsLedger` satisfies it)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from eventsourcing.persistence import Mapper

    from claims.storage.store import Store
    from domain.ratings import RatingScale


class EventSource(Protocol):
    """An open ledger as the projections see it: its store (the events and the read
    models' tables), its mapper (decoding and upcasting stored events), its settings
    (a worker process reopens the store with them), and how a read that finds the
    models behind is waited for and said."""

    read_wait_seconds: float
    on_stale_read: Callable[[str], None] | None

    @property
    def store(self) -> Store: ...

    @property
    def mapper(self) -> Mapper[Any]: ...

    @property
    def env(self) -> Mapping[str, str]: ...

    def close(self) -> None: ...


class ScaledSource(EventSource, Protocol):
    """A source whose queries show ratings: the scale in force names them."""

    @property
    def scale(self) -> RatingScale: ...
