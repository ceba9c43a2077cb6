"""The ledger's core: the store it opens, how events are encoded and sealed, and the
steps every command shares (load, decide, save exactly once, retry on a colleague's
append, bring the read models along). The desks (`claims.ledger.*_desk`) build the
commands and queries on it; `claims.application.ClaimsLedger` joins them into the one
door every caller uses."""

from __future__ import annotations

import functools
import logging
import random
import re
import time
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Concatenate, ParamSpec, Self, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    JSONTranscoder,
    OperationalError,
    Transcoder,
    Transcoding,
)
from eventsourcing.utils import get_topic

from claims.audit.sealing import SealingMapper, seal_pending
from claims.commands import Commands, landed, stamp
from claims.errors import STORE_BUSY, ConflictError, StoreBusy, StoreDisconnected
from claims.storage.failures import is_busy
from claims.storage.location import MEMORY, StoreLocation
from claims.storage.lookup import ids_with_prefix
from claims.storage.opening import open_application
from claims.storage.store import Store
from claims.transcoding import FastJSONTranscoder
from domain.errors import InvalidInput, NotFound, RuleViolation
from domain.team import TEAM_ID, Team
from domain.text import refused_character

if TYPE_CHECKING:
    pass

A = TypeVar("A", bound=Aggregate)
G = TypeVar("G", bound=Aggregate)
L = TypeVar("L", bound="LedgerCore")
P = ParamSpec("P")
R = TypeVar("R")

_log = logging.getLogger("claims")

_HEX_PREFIX = re.compile(r"^[0-9a-f]{8,32}$")
_LOG_PAGE = 1_000


def one_command(method: Callable[Concatenate[L, P], R]) -> Callable[Concatenate[L, P], R]:
    """Run the method as one command: one command id for all its attempts."""

    @functools.wraps(method)
    def run(ledger: L, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with ledger.commands.scope():
            return method(ledger, *args, **kwargs)

    return run


class DateAsISO(Transcoding):
    """The library transcodes datetimes but not dates (an article's publication day)."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class LedgerCore(Application[UUID]):
    """The store, the codec and the command plumbing the desks share."""

    # A conflicting append means a colleague saved first: reload and re-decide,
    # backing off with jitter so busy claims settle, before reporting a conflict.
    max_attempts: ClassVar[int] = 30
    # Every write brings the read models up to date; tests of the catch-up itself,
    # and bulk loaders that catch up once at the end, turn this off.
    catch_up_on_save: bool = True
    # Reads never catch up: a query answers from the read models as they stand,
    # after waiting up to this long for them to reach the head of the log, and
    # tells `on_stale_read` (one line) what they still lack.
    read_wait_seconds: float = 0.0
    on_stale_read: Callable[[str], None] | None = None
    # With a follower leading, a write waits this long for it to apply the write's
    # events (read-your-writes) instead of applying them itself (CLAIMS_WRITE_WAIT).
    write_wait_seconds: float = 5.0
    backoff_seconds: ClassVar[float] = 0.005
    max_backoff_seconds: ClassVar[float] = 0.25
    # Who runs this process (see `runner`), read from the store once, on first use.
    _runner: str | None = None
    # After a connection lost mid-save: how often to look whether the command's
    # events landed and, if not, store them again, before giving up (exit 1).
    reconnect_attempts: ClassVar[int] = 5
    reconnect_pause_seconds: ClassVar[float] = 0.2
    mapper: SealingMapper

    def __init__(self, location: StoreLocation | None = None, env: Any = None) -> None:
        """The ledger on `location` (memory when None); `env` adds to or overrides
        the settings the location gives the library."""
        where = location or StoreLocation(kind="memory", target=MEMORY)
        super().__init__(where.settings() | dict(env or {}))
        self.store = Store(where, self.recorder, self.name)
        self.commands = Commands()

    @classmethod
    def open(cls, location: StoreLocation) -> Self:
        """The ledger on `location`, its schema created once (StoreUnavailable when
        the store cannot be opened: see `claims.storage.opening`)."""
        return open_application(location, lambda env: cls(location, env), name=cls.name)

    def construct_transcoder(self) -> Transcoder:
        # The library's stored format, decoded with orjson (claims.transcoding).
        transcoder = FastJSONTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def construct_mapper(self) -> SealingMapper:
        # Sealing encodes each new event once; the save reuses that encoding.
        return SealingMapper.like(super().construct_mapper())

    # --- who is acting ---

    @property
    def identity_proven(self) -> bool:
        """Whether the store proves who runs a command (PostgreSQL authenticates
        roles; a SQLite file takes whatever the OS account running it writes)."""
        return self.store.proves_identity

    @property
    def runner(self) -> str:
        """Who runs this process: the role PostgreSQL authenticated, else the OS account."""
        if self._runner is None:
            from claims.trust.identity import os_login, session_user

            self._runner = session_user(self.store) if self.identity_proven else os_login()
        return self._runner

    def team(self, as_of: datetime | None = None) -> Team | None:
        """The team as it stands, or as it stood at `as_of`; None before anyone formed one."""
        team: Any = None
        domain_event: Any
        for domain_event in self.events.get(TEAM_ID):
            if as_of is not None and domain_event.timestamp > as_of:
                break
            team = domain_event.mutate(team)
        return team if isinstance(team, Team) else None

    # --- the steps every command shares ---

    def _retrying(
        self, decide: Callable[[], G], what: str, *, refusal_on_retry_is_conflict: bool = True
    ) -> G:
        """Decide on a fresh load and save; when a colleague's append lands first,
        back off and decide again on what they saved. A refusal on a retry is a
        conflict (their change is why the command no longer applies), unless the
        command's refusal reads the same whoever caused it (the team's, the scale's)."""
        for attempt in range(self.max_attempts):
            try:
                aggregate = decide()
            except RuleViolation as refusal:
                if attempt == 0 or not refusal_on_retry_is_conflict:
                    raise
                msg = f"{what} was changed by someone else meanwhile: {refusal}"
                raise ConflictError(msg) from None
            try:
                self.save(aggregate)
            except IntegrityError:
                self.back_off(attempt)
                continue
            return aggregate
        msg = f"{what} kept changing under {self.max_attempts} attempts; try again"
        raise ConflictError(msg)

    def back_off(self, attempt: int) -> None:
        """Sleep a jittered, growing while after the `attempt`-th conflicting append."""
        ceiling = min(self.max_backoff_seconds, self.backoff_seconds * 2**attempt)
        time.sleep(random.uniform(0, ceiling))  # noqa: S311  (jitter, not security)

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        """Check the new events against the actors' roles (NotPermitted), stamp the
        command's id on them and seal them into their hash chains, then the library's
        atomic save, exactly once (`claims.commands`): a save whose reply was lost is
        looked up before it is tried again. A lock held past the timeout is
        StoreBusy; nothing is stored then."""
        from claims.trust.guard import check_pending

        # Nothing is stored that its actor may not do (domain.permissions).
        check_pending(self.team(), objs, self.runner, proven=self.identity_proven)
        with self.commands.scope() as command_id:
            pending = [e for o in objs for e in getattr(o, "pending_events", ())]
            stamp(pending, command_id)
            seal_pending(objs, self.mapper, self.recorder)
            try:
                recordings = super().save(*objs, **kwargs)
            except IntegrityError:
                # The library retries an insert whose reply was lost; finding the
                # versions taken, it may be looking at this very command's events.
                if not landed(self.recorder, self.mapper, pending, command_id):
                    raise
                recordings = []
            except (OperationalError, InterfaceError) as exc:
                if is_busy(exc):
                    raise _busy() from None
                self._store_after_lost_reply(pending, command_id, exc)
                recordings = []
        if self.catch_up_on_save:
            positions = [r.notification.id for r in recordings or ()]
            self._catch_up_read_models(max(positions) if positions else None)
        return recordings

    def _store_after_lost_reply(
        self, pending: list[Any], command_id: UUID, failure: Exception
    ) -> None:
        """The connection failed during the save: stored or not? Look, and store
        the same events again only when they are not there."""
        stored_events = [self.mapper.to_stored_event(e) for e in pending]
        for attempt in range(self.reconnect_attempts):
            time.sleep(self.reconnect_pause_seconds * (attempt + 1))
            try:
                if landed(self.recorder, self.mapper, pending, command_id):
                    return
                self.recorder.insert_events(stored_events)
            except IntegrityError:
                if landed(self.recorder, self.mapper, pending, command_id):
                    return
                raise  # a colleague's events: the caller decides again
            except (OperationalError, InterfaceError) as exc:
                if is_busy(exc):
                    raise _busy() from None
                failure = exc
                continue
            return
        detail = " ".join(str(failure).split())
        msg = (
            f"lost the connection to the event store; whether command {command_id} "
            f"was stored is unknown (claims history shows it): {detail}"
        )
        raise StoreDisconnected(msg) from failure

    def _catch_up_read_models(self, upto: int | None = None) -> None:
        """What a user lists is what they just did: the read models reach `upto`
        (this command's last position; the head of the log when not known).

        With a follower leading, only wait for it (up to `write_wait_seconds`);
        with none, apply the events here, as the follower would. The events are
        stored whatever happens here, so nothing here fails the command: failing
        would make a stored command look failed, and a retry would record it
        twice. A model left behind is said in one line and caught up later.
        """
        from claims.projections import catch_up
        from claims.projections.follower import followed, wait_for

        try:
            if followed(self, recent=True):
                if self.write_wait_seconds <= 0:
                    return  # read-your-writes turned off: the follower applies it soon
                target = upto if upto is not None else self.recorder.max_notification_id() or 0
                if wait_for(self, target, self.write_wait_seconds):
                    return
                reason = f"the follower has not applied it within {self.write_wait_seconds:g} s"
            else:
                catch_up(self)
                return
        except Exception as exc:  # the command itself is already stored
            reason = " ".join(str(exc).split()) or type(exc).__name__
        self._notice(f"stored; the read models will show it a little later: {reason}")

    def _notice(self, line: str) -> None:
        if self.on_stale_read is not None:
            self.on_stale_read(line)
        else:
            _log.warning("claims: %s", line)

    def _load(self, kind: type[A], aggregate_id: UUID, noun: str, version: int | None = None) -> A:
        replay = _Replay()
        try:
            aggregate: Any = self.repository.get(
                aggregate_id, version=version, projector_func=replay
            )
        except AggregateNotFoundError:
            aggregate = None
        if not isinstance(aggregate, kind):
            msg = f"no {noun} with id {aggregate_id}"
            raise NotFound(msg)
        if version is not None and aggregate.version != version:
            msg = f"{noun} {aggregate_id} has no version {version} (latest is {aggregate.version})"
            raise NotFound(msg)
        if replay.last is not None:  # sealing the aggregate's next event reads no head
            self.mapper.remember_head(replay.last)
        return aggregate

    def _resolve(self, id_or_prefix: str, created: type[Any], noun: str) -> UUID:
        given = id_or_prefix.strip()
        cleaned = given.lower().replace("-", "")
        odd = refused_character(given, "line")
        if odd is not None:  # say what is wrong, not how it looks escaped
            msg = f"{noun} id {ascii(given)[:40]} holds {odd}"
            raise InvalidInput(msg)
        if not _HEX_PREFIX.match(cleaned):
            a_noun = f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"
            msg = f"{given!r} is not {a_noun} id (8 to 32 hex characters)"
            raise InvalidInput(msg)
        matches = ids_with_prefix(self.store, cleaned, get_topic(created))
        if not matches:
            msg = f"no {noun} with id {given}"
            raise NotFound(msg)
        if len(matches) > 1:
            msg = f"{noun} id prefix {given} is ambiguous; give more characters"
            raise InvalidInput(msg)
        return matches[0]

    def fingerprint(self) -> tuple[int, int]:
        """(events stored, highest notification id): equal before and after means untouched."""
        count = 0
        highest = 0
        start: int | None = None
        while True:
            page = self.recorder.select_notifications(start, _LOG_PAGE, inclusive_of_start=False)
            count += len(page)
            if page:
                highest = page[-1].id
            if len(page) < _LOG_PAGE:
                return count, highest
            start = page[-1].id


def actor_name(name: str) -> str:
    from domain.names import member_name

    return member_name(name)


def _busy() -> StoreBusy:
    return StoreBusy(STORE_BUSY)


class _Replay:
    """The library's `project_aggregate` without its check of each event against a
    runtime-checkable Protocol, which costs more than decoding and applying the
    event (a 10,000-event claim loads 3x faster without it); it keeps the last event
    replayed, whose hash the aggregate's next event chains to."""

    last: Any = None

    def __call__(self, aggregate: Any, domain_events: Iterable[Any]) -> Any:
        domain_event = None
        for domain_event in domain_events:
            aggregate = domain_event.mutate(aggregate)
        self.last = domain_event
        return aggregate
