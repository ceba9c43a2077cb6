"""The library's PostgreSQL factory, taking every libpq parameter a URL can carry.

eventsourcing's settings name only the database, host, port, user and password, so
`?sslmode=require` (or `sslrootcert`, `application_name`, `target_session_attrs`...)
would be dropped and a connection that `psql` refuses to make unencrypted would be
made unencrypted. This factory, chosen by the `PERSISTENCE_MODULE` topic, hands the
rest of the URL's parameters (`POSTGRES_PARAMETERS`, JSON) to the connection pool
before it opens its first connection.
"""

from __future__ import annotations

import json
from typing import Any

from eventsourcing.postgres import PostgresFactory

TOPIC = "claims.storage.postgres_factory:PostgresWithParameters"
PARAMETERS = "POSTGRES_PARAMETERS"


class PostgresWithParameters(PostgresFactory):
    def __init__(self, env: Any) -> None:
        super().__init__(env)
        extra = self.env.get(PARAMETERS)
        kwargs = self.datastore.pool.kwargs
        if extra and isinstance(kwargs, dict):
            # The pool opens on first use: these reach every connection it makes.
            kwargs.update(json.loads(extra))
