"""Who may do what: the proven identity of whoever runs a command, the roles the
team gives members, and on PostgreSQL the database's own refusal to let anyone
rewrite the record.

- `identity`: who is running this process, as strongly as the store can prove it
  (the role PostgreSQL authenticated; the OS account on a SQLite desk).
- `guard`: the checks every command passes, in one place each: pending events
  against `domain.permissions` just before they are saved, and the commands that
  record no event against `COMMAND_ROLES` when they open the store.
- `newsroom`: the SQL that sets a PostgreSQL newsroom up (append-only events table,
  the stamp of the inserting role, grants per role) and gives members their logins.
"""
