"""Errors the application adds to the domain's: conflicts and an unusable store."""

from domain.errors import DomainError


class ConflictError(DomainError):
    """Someone else changed the claim and the command no longer applies (exit 1)."""


class AlreadyRegistered(DomainError):
    """The claim or article exists already; carries its id (exit 1)."""

    def __init__(self, message: str, existing_id: str) -> None:
        super().__init__(message)
        self.existing_id = existing_id


class StoreUnavailable(DomainError):
    """The event store cannot be opened, reached or written (exit 2)."""


STORE_BUSY = "the store is busy: another process held a lock past the timeout; try again"


class StoreBusy(DomainError):
    """Another writer held the store past the lock timeout (exit 1: try again)."""


class NotPermitted(DomainError):
    """The acting member's roles do not allow the command (exit 1)."""


class StoreDisconnected(DomainError):
    """The connection to the store was lost and could not be re-made in time
    (exit 1: try again once the store is back)."""
