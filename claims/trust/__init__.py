"""Who may do what: the proven identity of whoever runs a command, the roles the
team gives members, and on PostgreSQL the database's own refusal to let anyone
rewrite the record.

- `identity`: who is running this process, as strongly as the store can prove it
  (the role PostgreSQL authenticated; the OS account on a SQLite desk).
- `guard`: the checks every command passes, in one place each: pending events
  against `domain.permissions` just before they are saved, and the commands that
  record no event against `COMMAND_ROLES` when they open the store.
- `stamps`: the check of each event's actor against the role the database stamped
  it with.

Setting a PostgreSQL newsroom up (the SQL of the append-only table, the stamp and the
grants) is a use case over the ledger: `claims.newsroom`, a floor above.
"""
