"""Why a read model cannot be read right now."""

from claims.errors import ConflictError


class ProjectionStale(ConflictError):
    """The read model was built by another code version, or is out of step with the
    claim state it derives from: an operator must rebuild it (exit 1)."""
