"""A newsroom on PostgreSQL: an append-only events table, each row stamped with the
role that inserted it, and logins whose rights follow their team roles.

Why triggers and not grants alone. The library inserts events under
`LOCK TABLE ... IN EXCLUSIVE MODE` (so log positions are handed out in commit
order), and PostgreSQL allows that lock only to a role holding UPDATE, DELETE or
TRUNCATE on the table. A writer must therefore hold one of the three. We grant
TRUNCATE, the one whose every use is a single statement, and make the table refuse
UPDATE, DELETE (row triggers) and TRUNCATE (a statement trigger) whoever asks. The
triggers belong to the schema owner, and only a table's owner (or a superuser) may
disable or drop its triggers; no member is the owner or a member of the owner role.

The stamp. `inserted_by` defaults to `session_user`, the role the server
authenticated, which `SET ROLE` does not change. Members may insert only the four
columns the library writes (a column grant), so nobody can write the stamp but the
server. `claims audit verify` reports any event whose recorded actor (or, for an
event an admin entered for someone, whoever entered it) is not its stamp.

Rights, as three group roles per database (roles are cluster-wide, so their names
carry the database's): `<db>_reader` may SELECT everything (auditors, and through
it every member); `<db>_writer` may also insert events and write the read models,
which are derived and rebuildable (checkers, editors, admins); `<db>_admin` owns the
read models, so an admin can rebuild them (its logins act as it by default, so the
tables a rebuild creates belong to it too).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claims.trust.stamps import STAMP_COLUMN
from domain.team import Role

if TYPE_CHECKING:
    import psycopg
    from psycopg import sql

    from claims.application import ClaimsLedger
    from claims.storage.events import EventsTable
    from claims.storage.location import StoreLocation

_LIBRARY_COLUMNS = "originator_id, originator_version, topic, state"
_GUARD_FUNCTION = "claims_events_append_only"


@dataclass(frozen=True)
class Groups:
    reader: str
    writer: str
    admin: str

    @classmethod
    def of(cls, dbname: str) -> Groups:
        base = dbname[:50]
        return cls(f"{base}_reader", f"{base}_writer", f"{base}_admin")


# --- setting a newsroom up (run once, by the schema owner) ---


def setup_statements(dbname: str, owner: str, table: EventsTable) -> list[sql.Composed]:
    """Everything after the library's tables and the read models exist: the stamp,
    the append-only triggers, the group roles and their rights."""
    from psycopg import sql

    g = Groups.of(dbname)
    events = sql.Identifier(table.schema, table.table)
    sequence = sql.Identifier(table.schema, f"{table.table}_notification_id_seq")
    guard = sql.Identifier(table.schema, _GUARD_FUNCTION)
    reader, writer, admin = (sql.Identifier(n) for n in (g.reader, g.writer, g.admin))
    return [
        sql.SQL(
            "ALTER TABLE {} ADD COLUMN IF NOT EXISTS {} text NOT NULL DEFAULT session_user"
        ).format(events, sql.Identifier(STAMP_COLUMN)),
        sql.SQL(
            "CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'the event log is append-only: % refused', TG_OP "
            "USING ERRCODE = 'insufficient_privilege'; END $$"
        ).format(guard),
        sql.SQL("DROP TRIGGER IF EXISTS claims_events_no_rewrite ON {}").format(events),
        sql.SQL(
            "CREATE TRIGGER claims_events_no_rewrite BEFORE UPDATE OR DELETE ON {} "
            "FOR EACH ROW EXECUTE FUNCTION {}()"
        ).format(events, guard),
        sql.SQL("DROP TRIGGER IF EXISTS claims_events_no_truncate ON {}").format(events),
        sql.SQL(
            "CREATE TRIGGER claims_events_no_truncate BEFORE TRUNCATE ON {} "
            "FOR EACH STATEMENT EXECUTE FUNCTION {}()"
        ).format(events, guard),
        *(_create_group(name) for name in (g.reader, g.writer, g.admin)),
        sql.SQL("GRANT {} TO {}").format(reader, writer),
        sql.SQL("GRANT {} TO {}").format(writer, admin),
        # The owner hands the read models to the admin group, so it must belong to it.
        sql.SQL("GRANT {} TO {}").format(admin, sql.Identifier(owner)),
        sql.SQL("REVOKE ALL ON {} FROM PUBLIC").format(events),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(dbname), reader),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(reader),
        sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}").format(reader),
        sql.SQL("GRANT INSERT ({}) ON {} TO {}").format(sql.SQL(_LIBRARY_COLUMNS), events, writer),
        # The library's EXCLUSIVE lock needs one of UPDATE, DELETE, TRUNCATE: the
        # trigger refuses every TRUNCATE (module docstring).
        sql.SQL("GRANT TRUNCATE ON {} TO {}").format(events, writer),
        sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(sequence, writer),
        sql.SQL("GRANT CREATE ON SCHEMA public TO {}").format(admin),
        # Tables the admin group creates (rebuilt read models) are read and written
        # by the groups below it.
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public GRANT SELECT ON TABLES TO {}"
        ).format(admin, reader),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public "
            "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
        ).format(admin, writer),
    ]


def _create_group(name: str) -> sql.Composed:
    from psycopg import sql

    return sql.SQL(
        "DO $$ BEGIN CREATE ROLE {} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$"
    ).format(sql.Identifier(name))


def _read_model_statements(
    connection: psycopg.Connection[Any], dbname: str, table: EventsTable
) -> list[Any]:
    """Hand every read-model table and view to the admin group, writable by writers."""
    from psycopg import sql

    g = Groups.of(dbname)
    rows = connection.execute(
        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n "
        "ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind IN ('r', 'v') "
        "AND c.relname <> %s",
        (table.schema, table.table),
    ).fetchall()
    statements: list[Any] = []
    for name, kind in rows:
        target = sql.Identifier(table.schema, name)
        noun = sql.SQL("VIEW" if kind == "v" else "TABLE")
        statements.append(
            sql.SQL("ALTER {} {} OWNER TO {}").format(noun, target, sql.Identifier(g.admin))
        )
        statements.append(
            sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {}").format(
                target, sql.Identifier(g.writer)
            )
        )
    return statements


@dataclass(frozen=True)
class SetupResult:
    database: str
    owner: str
    groups: Groups


def set_up(location: StoreLocation) -> SetupResult:
    """Create the schema and the read models as the connecting role (the owner), then
    make the events table append-only and stamped, and create the group roles."""
    import psycopg

    from claims.application import ClaimsLedger
    from claims.errors import NotPermitted
    from claims.projections import rebuild

    ledger = ClaimsLedger.open(location)
    table = ledger.store.events
    try:
        owner = _current_user(ledger)
        events_owner = _events_owner(ledger)
        if events_owner != owner:
            msg = (
                f"the events table belongs to {events_owner}: run 'claims setup' as that "
                f"role (the schema owner), not as {owner}"
            )
            raise NotPermitted(msg)
        rebuild(ledger)
    finally:
        ledger.close()
    connection = location.connect()
    with connection:
        try:
            with connection.transaction():
                for statement in setup_statements(location.dbname, owner, table):
                    connection.execute(statement)
                for statement in _read_model_statements(connection, location.dbname, table):
                    connection.execute(statement)
        except psycopg.errors.InsufficientPrivilege as exc:
            msg = f"setting the newsroom up needs a role with CREATEROLE: {exc}"
            raise NotPermitted(" ".join(msg.split())) from None
    return SetupResult(location.dbname, owner, Groups.of(location.dbname))


# --- members' logins ---


def member_statements(
    dbname: str, member: str, roles: Sequence[str], *, new: bool = False
) -> list[sql.Composed]:
    """The login of a member holding `roles` (none: removed from the team); `new`:
    a member just added, whose login holds no group yet."""
    from psycopg import sql

    g = Groups.of(dbname)
    who = sql.Identifier(member)
    groups = sql.SQL(", ").join(sql.Identifier(n) for n in (g.reader, g.writer, g.admin))
    statements: list[sql.Composed] = []
    if roles:
        statements.append(
            sql.SQL(
                "DO $$ BEGIN CREATE ROLE {} LOGIN; "
                "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
            ).format(who)
        )
    if not new:
        statements.append(sql.SQL("REVOKE {} FROM {}").format(groups, who))
    in_db = sql.SQL("ALTER ROLE {} IN DATABASE {} ").format(who, sql.Identifier(dbname))
    if Role.ADMIN.value in roles:
        statements.append(sql.SQL("GRANT {} TO {}").format(sql.Identifier(g.admin), who))
        statements.append(in_db + sql.SQL("SET role = {}").format(sql.Literal(g.admin)))
    else:
        if set(roles) - {Role.AUDITOR.value}:
            statements.append(sql.SQL("GRANT {} TO {}").format(sql.Identifier(g.writer), who))
        elif roles:
            statements.append(sql.SQL("GRANT {} TO {}").format(sql.Identifier(g.reader), who))
        statements.append(in_db + sql.SQL("RESET role"))
    return statements


def provision(
    location: StoreLocation,
    member: str,
    roles: Sequence[str],
    *,
    only_print: bool,
    new: bool = False,
) -> Iterator[str]:
    """Give `member`'s login the rights of `roles`: run the SQL when the connected
    role may create roles, else (or with `only_print`) yield it for a DBA to run."""
    import psycopg

    statements = member_statements(location.dbname, member, roles, new=new)
    connection = location.connect()
    with connection:
        # An admin's sessions act as the admin group; creating roles is the login's
        # own attribute (CREATEROLE), used as itself.
        connection.execute("SET ROLE NONE")
        texts = [s.as_string(connection) + ";" for s in statements]
        if only_print:
            yield from texts
            return
        if not _can_create_roles(connection):
            yield f"claims: {location.user} cannot create roles; a DBA must run:"
            yield from texts
            return
        try:
            with connection.transaction():
                for statement in statements:
                    connection.execute(statement)
        except psycopg.Error as exc:
            detail = " ".join(str(exc).split())
            yield f"claims: could not give {member}'s login its rights ({detail}); a DBA must run:"
            yield from texts
            return
    yield f"{member}'s login has the rights of {', '.join(roles) or 'no role'}"


# --- plumbing ---


def _current_user(ledger: ClaimsLedger) -> str:
    with ledger.store.transaction() as cursor:
        cursor.execute("SELECT current_user")
        return str(cursor.fetchone()[0])


def _events_owner(ledger: ClaimsLedger) -> str:
    table = ledger.store.events
    with ledger.store.transaction() as cursor:
        cursor.execute(
            "SELECT tableowner FROM pg_tables WHERE schemaname = %s AND tablename = %s",
            (table.schema, table.table),
        )
        return str(cursor.fetchone()[0])


def _can_create_roles(connection: psycopg.Connection[Any]) -> bool:
    row = connection.execute(
        "SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = session_user"
    ).fetchone()
    return bool(row and row[0])
