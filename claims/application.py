"""The use-case boundary: primitives in, views out, one atomic save per command."""

from __future__ import annotations

import functools
import logging
import random
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Concatenate, ParamSpec, TypeVar
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

from claims.audit.activity import (
    ActivityFilter,
    CurrentShapes,
    aggregate_kind,
    event_name,
    plain,
    select,
)
from claims.audit.diff import changed_fields
from claims.audit.export import export_lines
from claims.audit.rows import ReportedLogRows, log_rows
from claims.audit.sealing import seal_pending
from claims.audit.verify import Anchor, Verification, events_of_rows, verify_chain
from claims.commands import Commands, landed, stamp
from claims.errors import STORE_BUSY, AlreadyRegistered, ConflictError, StoreBusy, StoreDisconnected
from claims.failures import is_busy
from claims.lookup import ids_with_prefix
from claims.transcoding import FastJSONTranscoder
from claims.views import (
    ActivityEntry,
    ArticleView,
    ClaimDiff,
    ClaimSummary,
    ClaimView,
    FieldChange,
    HistoryEntry,
    IngestResult,
    ScaleView,
    SimilarClaimView,
    TeamView,
)
from domain.article import Article
from domain.claim import Claim
from domain.errors import InvalidInput, NotFound, RuleViolation
from domain.ids import claim_id_for
from domain.ratings import DEFAULT_SCALE, RatingScale
from domain.scale_book import SCALE_BOOK_ID, ScaleBook, scale_from
from domain.team import TEAM_ID, Role, Team, roles_from
from domain.text import refused_character

if TYPE_CHECKING:
    from claims.extraction import ParsedArticle

A = TypeVar("A", bound=Aggregate)
L = TypeVar("L", bound="ClaimsLedger")
P = ParamSpec("P")
R = TypeVar("R")

_log = logging.getLogger("claims")

_HEX_PREFIX = re.compile(r"^[0-9a-f]{8,32}$")
_LOG_PAGE = 1_000
# The furthest any time zone is ahead of UTC (Kiribati, UTC+14).
_EARTH_AHEAD = timedelta(hours=14)
# Fields every event carries; history shows them as columns, not payload.
_ENVELOPE = frozenset({"originator_id", "originator_version", "timestamp", "actor"})
_INTERNAL = frozenset({"originator_topic", "event_hash", "command_id"})
# Who ran the command, when it is not the event's actor (claims.trust.guard): its
# own column in history and the activity log, not part of the payload.
_ENTERED_BY = "entered_by"
_EVENT_NAMES = frozenset(
    name
    for aggregate in (Claim, Article, ScaleBook, Team)
    for name, value in vars(aggregate).items()
    if isinstance(value, type)
    and issubclass(value, Aggregate.Event)
    and name not in ("Event", "Created")
)


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


class ClaimsLedger(Application[UUID]):
    """Every command a desk issues and every query it reads, over one event store."""

    name = "claims"
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

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        self.commands = Commands()

    def construct_transcoder(self) -> Transcoder:
        # The library's stored format, decoded with orjson (claims.transcoding).
        transcoder = FastJSONTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # --- articles ---

    @one_command
    def register_article(
        self, *, title: str, published: date, text: str, url: str | None, by: str
    ) -> tuple[ArticleView, bool]:
        """Store an article; returns its view and whether it was new."""
        article = Article.register(title=title, published=published, text=text, url=url, by=by)
        try:
            self.save(article)
        except IntegrityError:
            return self.get_article(article.id), False
        return ArticleView.of(article), True

    def get_article(self, article_id: UUID) -> ArticleView:
        return ArticleView.of(self._load(Article, article_id, "article"))

    def find_article(self, id_or_prefix: str) -> UUID:
        return self._resolve(id_or_prefix, Article.Registered, "article")

    @one_command
    def ingest(
        self,
        articles: Sequence[ParsedArticle],
        *,
        by: str,
        min_score: float,
        url: str | None = None,
        published: date | None = None,
        on_article: Callable[[], None] | None = None,
    ) -> list[IngestResult]:
        """Register articles and their check-worthy claims; a claim already known from
        another article gets an appearance instead. Re-ingesting an article adds nothing."""
        from claims.ingest import IngestOptions, ingest_articles

        options = IngestOptions(by=by, min_score=min_score, url=url, published=published)
        # One catch-up at the end instead of one per batch: the read models see the
        # same events, in fewer, larger transactions.
        catching_up, self.catch_up_on_save = self.catch_up_on_save, False
        try:
            results = ingest_articles(self, articles, options, on_article=on_article)
        finally:
            self.catch_up_on_save = catching_up
        if catching_up:
            self._catch_up_read_models()
        return results

    def article_text(self, article_id: UUID) -> str:
        return self._load(Article, article_id, "article").text

    # --- claims: registration and queries ---

    @one_command
    def register_claim(
        self,
        *,
        text: str,
        quote: str,
        by: str,
        article_id: UUID | None = None,
        span: tuple[int, int] | None = None,
        speaker: str | None = None,
        checkworthiness: float | None = None,
        source_url: str | None = None,
    ) -> ClaimView:
        """Register a claim. With an article, the quote must occur in its text at `span`
        (found automatically when no span is given)."""
        if article_id is not None:
            # The stored quote is stripped; anchor exactly what will be stored.
            quote = quote.strip()
            span = self._anchor(article_id, quote, span)
        existing = claim_id_for(text)
        # One indexed row answers "registered?"; the repository would replay the claim.
        if self.recorder.select_events(existing, limit=1):
            msg = f"this claim is already registered as {existing}"
            raise AlreadyRegistered(msg, str(existing))
        claim = Claim.register(
            text=text,
            quote=quote,
            by=by,
            article_id=article_id,
            span=span,
            speaker=speaker,
            checkworthiness=checkworthiness,
            source_url=source_url,
        )
        try:
            self.save(claim)
        except IntegrityError:
            msg = f"this claim was registered meanwhile as {claim.id}"
            raise AlreadyRegistered(msg, str(claim.id)) from None
        return ClaimView.of(claim, self.scale)

    def _anchor(
        self, article_id: UUID, quote: str, span: tuple[int, int] | None
    ) -> tuple[int, int]:
        text = self.article_text(article_id)
        if span is None:
            start = text.find(quote)
            if start < 0:
                msg = f"the quote does not occur in article {article_id}"
                raise InvalidInput(msg)
            return start, start + len(quote)
        if text[span[0] : span[1]] != quote:
            msg = f"span {span[0]}:{span[1]} of article {article_id} is not the quote"
            raise InvalidInput(msg)
        return span

    def find_claim(self, id_or_prefix: str) -> UUID:
        """A full claim id, or a unique prefix of at least 8 hex characters."""
        return self._resolve(id_or_prefix, Claim.Registered, "claim")

    def similar_claims(self, claim_id: UUID) -> list[SimilarClaimView]:
        """Known claims that may say the same thing as this one, best first: candidates
        for `mark_duplicate`, read from the factcheck read model (see claims/similar.py)."""
        from claims.similar import index_of

        text = self._load(Claim, claim_id, "claim").text
        return index_of(self).candidates(text, exclude=str(claim_id))

    def get_claim(self, claim_id: UUID, *, version: int | None = None) -> ClaimView:
        return ClaimView.of(self._load(Claim, claim_id, "claim", version=version), self.scale)

    def list_claims(
        self,
        *,
        status: str | None = None,
        article_id: UUID | None = None,
        speaker: str | None = None,
        rating: str | None = None,
        assignee: str | None = None,
    ) -> list[ClaimSummary]:
        """The fact-check table, in registration order, filtered: status, the article
        a claim was registered from, part of the speaker's name (any case), the
        current rating, the assignee.

        Read from the `factcheck` read model as it stands (a read never writes:
        see `read_wait_seconds`); ProjectionStale when the model must be built or
        rebuilt by this code version (`claims projections rebuild`)."""
        from claims.projections import list_claims

        return list_claims(
            self,
            status=status,
            article_id=article_id,
            speaker=speaker,
            rating=rating,
            assignee=assignee,
        )

    def history(self, claim_id: UUID) -> list[HistoryEntry]:
        """Every stored event of the claim, in order, as recorded."""
        # An auditor reads what is stored, even where it no longer replays: the id
        # names a claim when its first event registered one; nothing is replayed.
        domain_events: list[Any] = list(self.events.get(claim_id))
        if not domain_events or not isinstance(domain_events[0], Claim.Registered):
            msg = f"no claim with id {claim_id}"
            raise NotFound(msg)
        entries = []
        rating: str | None = None
        for domain_event in domain_events:
            fields = vars(domain_event)
            payload = {
                key: _jsonable(value)
                for key, value in fields.items()
                if key not in _ENVELOPE and key not in _INTERNAL and key != _ENTERED_BY
            }
            if isinstance(domain_event, Claim.VerdictRecorded):
                payload["previous_rating"] = rating
                rating = domain_event.rating
            elif isinstance(domain_event, Claim.Corrected):
                rating = domain_event.new_rating
            entries.append(
                HistoryEntry(
                    version=fields["originator_version"],
                    timestamp=fields["timestamp"],
                    actor=fields["actor"],
                    entered_by=fields.get(_ENTERED_BY),
                    type=type(domain_event).__name__,
                    payload=payload,
                )
            )
        return entries

    # --- audit: everything here reads the event store, never a read model ---

    def claim_as_of(self, claim_id: UUID, moment: datetime) -> ClaimView:
        """The claim exactly as it was at `moment`: its events up to then, replayed."""
        claim: Claim | None = None
        domain_event: Any
        for domain_event in self.events.get(claim_id):
            if domain_event.timestamp > moment:
                break
            claim = domain_event.mutate(claim)
        if claim is None:
            self._load(Claim, claim_id, "claim")
            msg = f"claim {claim_id} did not exist yet at {moment.isoformat()}"
            raise NotFound(msg)
        if not isinstance(claim, Claim):
            msg = f"no claim with id {claim_id}"
            raise NotFound(msg)
        return ClaimView.of(claim, self.scale)

    def diff(self, claim_id: UUID, version_a: int, version_b: int) -> ClaimDiff:
        """The fields that differ between two versions, and the events in between."""
        low, high = sorted((version_a, version_b))
        before = self.get_claim(claim_id, version=low)
        after = self.get_claim(claim_id, version=high)
        return ClaimDiff(
            claim_id=claim_id,
            from_version=low,
            to_version=high,
            changes=[
                FieldChange(field=path, before=old, after=new)
                for path, old, new in changed_fields(before.as_json(), after.as_json())
            ],
            events=[e for e in self.history(claim_id) if low < e.version <= high],
        )

    def activity(
        self, wanted: ActivityFilter, *, aggregate_id: UUID | None = None
    ) -> Iterator[ActivityEntry]:
        """Events across the store in log order, filtered, streamed page by page."""
        unknown = wanted.types - _EVENT_NAMES
        if unknown:
            known = ", ".join(sorted(_EVENT_NAMES))
            msg = f"unknown event type {sorted(unknown)[0]!r} (known: {known})"
            raise InvalidInput(msg)
        rows = log_rows(self.recorder, aggregate_id=aggregate_id.hex if aggregate_id else None)
        shapes = CurrentShapes(self.mapper)
        for e in select(events_of_rows(rows), wanted):
            yield ActivityEntry(
                position=e.position,
                timestamp=datetime.fromisoformat(e.timestamp) if e.timestamp else None,
                aggregate=aggregate_kind(e.topic),
                aggregate_id=UUID(e.aggregate_id),
                version=e.version,
                actor=e.actor,
                entered_by=_text_or_none(e.payload.get(_ENTERED_BY)),
                type=event_name(e.topic),
                payload={
                    k: plain(v)
                    for k, v in shapes.payload(e).items()
                    if k not in _INTERNAL and k != _ENTERED_BY
                },
            )

    def verify_store(
        self, anchor: Anchor | None = None, progress: Callable[[int, int], None] | None = None
    ) -> Verification:
        """Recompute every event hash and the store root; compare with `anchor` if given.
        `progress(position, last position)` is told how far the walk got, a page at a time.
        In a PostgreSQL newsroom, also compare each event's actor with the role the
        database stamped it with (claims.trust.newsroom)."""
        rows = log_rows(self.recorder)
        if progress is not None:
            last = self.recorder.max_notification_id() or 0
            rows = ReportedLogRows(rows, lambda position: progress(position, last))
        result = verify_chain(events_of_rows(rows), anchor=anchor)
        if not self.identity_proven or result.first_break is not None:
            return result
        from dataclasses import replace

        from claims.trust.newsroom import stamp_mismatches

        count, first = stamp_mismatches(self, limit=1)
        if not count:
            return result
        return replace(result, stamp_mismatches=count, first_stamp_mismatch=str(first[0]))

    def export_audit(self, claim_id: UUID | None = None) -> Iterator[bytes]:
        """JSON Lines of the events with their hashes: the whole store, or one claim."""
        if claim_id is None:
            return export_lines(events_of_rows(log_rows(self.recorder)), scope="all")
        self._load(Claim, claim_id, "claim")
        rows = log_rows(self.recorder, aggregate_id=claim_id.hex)
        return export_lines(events_of_rows(rows), scope=f"claim {claim_id}")

    # --- the rating scale ---

    @property
    def scale(self) -> RatingScale:
        """The rating scale in force in this store, read from it each time (a small
        aggregate), so a scale another process adopted applies at once."""
        book = self._scale_book()
        return book.scale if book is not None and book.scale is not None else DEFAULT_SCALE

    def rating_scale(self) -> ScaleView:
        book = self._scale_book()
        if book is None or book.scale is None:
            return ScaleView.of(DEFAULT_SCALE, None, None)
        return ScaleView.of(book.scale, book.adopted_by, book.adopted_at)

    @one_command
    def adopt_scale(
        self, definition: dict[str, Any], *, by: str, relabel: bool = False
    ) -> ScaleView:
        """Put a scale in force for every user of this store.

        Refused while a claim's current verdict carries a rating the new scale does
        not have, and, unless `relabel`, when it would change the label or value of
        a rating that published fact-checks carry (their ClaimReview would change).
        A verdict recorded in the very instant of an adoption is judged by the scale
        it read; if that rating is off the new scale it shows as its key.
        """
        from claims.projections import catch_up, ratings_in_use

        scale = scale_from(definition)
        # The rule reads the ratings claims carry: from read models at the head of the log.
        catch_up(self)
        stranded = {k: n for k, n in ratings_in_use(self).items() if k not in scale.keys}
        if stranded:
            msg = (
                f"the {scale.name} scale lacks ratings that claims carry now: {_counted(stranded)}"
            )
            raise RuleViolation(msg)
        for attempt in range(self.max_attempts):
            book = self._scale_book() or ScaleBook.open(by=by)
            current = book.scale or DEFAULT_SCALE
            if not relabel:
                _refuse_relabelling(current, scale, ratings_in_use(self, published=True))
            book.adopt(scale, by=by)
            try:
                self.save(book)
            except IntegrityError:  # another adoption landed first: compare with that one
                self.back_off(attempt)
                continue
            return ScaleView.of(scale, book.adopted_by, book.adopted_at)
        msg = f"the rating scale kept changing under {self.max_attempts} attempts; try again"
        raise ConflictError(msg)

    def _scale_book(self) -> ScaleBook | None:
        try:
            return self._load(ScaleBook, SCALE_BOOK_ID, "scale book")
        except NotFound:
            return None

    # --- the team, and who is acting ---

    @property
    def identity_proven(self) -> bool:
        """Whether the store proves who runs a command (PostgreSQL authenticates
        roles; a SQLite file takes whatever the OS account running it writes)."""
        return type(self.recorder).__module__ == "eventsourcing.postgres"

    @property
    def runner(self) -> str:
        """Who runs this process: the role PostgreSQL authenticated, else the OS account."""
        if self._runner is None:
            from claims.trust.identity import os_login, session_user

            self._runner = session_user(self.recorder) if self.identity_proven else os_login()
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

    def team_view(self, as_of: datetime | None = None) -> TeamView:
        return TeamView.of(self.team(as_of), as_of)

    def acting_member(self, named: str | None) -> str:
        """The member a command acts as: whoever runs it, or the member named with
        --as where the store allows that (SQLite: no team yet, or an admin acting for a
        member); on PostgreSQL naming anyone but yourself is refused (InvalidInput)."""
        from claims.trust.guard import acting_member

        team = self.team() if named is not None and named != self.runner else None
        return acting_member(team, self.runner, named, proven=self.identity_proven)

    def require(self, member: str, role: Role | None, what: str) -> None:
        """Refuse (NotPermitted) unless `member` holds `role` now; None: any role.
        A store without a team refuses nobody."""
        from claims.trust.guard import require

        require(self.team(), member, role, what)

    def add_member(self, name: str, roles: Sequence[str], *, by: str) -> TeamView:
        """Add a member with their roles. On a store without a team, this forms it,
        and its author becomes its first admin."""
        wanted = roles_from(roles)

        def command(team: Team | None) -> Team:
            if team is not None:
                team.add(name, [r.value for r in wanted], by=by)
                return team
            team = Team.form(by=by)
            if team.roles_of(actor_name(name)):  # the author adds themself
                if set(wanted) - {Role.ADMIN}:
                    team.change_roles(name, [Role.ADMIN.value, *wanted], by=by)
            else:
                team.add(name, [r.value for r in wanted], by=by)
            return team

        return self._change_team(command)

    def change_roles(self, name: str, roles: Sequence[str], *, by: str) -> TeamView:
        """Give a member exactly these roles (the last admin keeps admin)."""
        wanted = [r.value for r in roles_from(roles)]

        def command(team: Team | None) -> Team:
            formed = _formed(team)
            formed.change_roles(name, wanted, by=by)
            return formed

        return self._change_team(command)

    def remove_member(self, name: str, *, by: str) -> TeamView:
        """Take a member off the team (never the last admin)."""

        def command(team: Team | None) -> Team:
            formed = _formed(team)
            formed.remove(name, by=by)
            return formed

        return self._change_team(command)

    def _change_team(self, command: Callable[[Team | None], Team]) -> TeamView:
        for attempt in range(self.max_attempts):
            team = command(self.team())
            try:
                self.save(team)
            except IntegrityError:  # another change to the team landed first
                self.back_off(attempt)
                continue
            return TeamView.of(team, None)
        msg = f"the team kept changing under {self.max_attempts} attempts; try again"
        raise ConflictError(msg)

    # --- claims: commands ---

    def assign(self, claim_id: UUID, assignee: str, *, by: str) -> ClaimView:
        return self._change(claim_id, lambda claim: claim.assign(assignee, by=by))

    def add_evidence(
        self,
        claim_id: UUID,
        *,
        url: str,
        quote: str,
        stance: str,
        note: str | None = None,
        accessed_on: date | None = None,
        by: str,
    ) -> tuple[ClaimView, str]:
        """Attach evidence, and the day it was consulted if known (not a day still
        to come anywhere on earth); returns the claim and the new evidence id."""
        if accessed_on is not None and accessed_on > (datetime.now(UTC) + _EARTH_AHEAD).date():
            msg = f"the evidence cannot have been consulted on {accessed_on}: that day is to come"
            raise InvalidInput(msg)
        added: list[str] = []

        def command(claim: Claim) -> None:
            added[:] = [
                claim.add_evidence(
                    url=url, quote=quote, stance=stance, note=note, accessed_on=accessed_on, by=by
                )
            ]

        view = self._change(claim_id, command)
        return view, added[0]

    def withdraw_evidence(
        self, claim_id: UUID, evidence_id: str, *, reason: str, by: str
    ) -> ClaimView:
        return self._change(
            claim_id, lambda claim: claim.withdraw_evidence(evidence_id, reason_text=reason, by=by)
        )

    def record_verdict(self, claim_id: UUID, *, rating: str, rationale: str, by: str) -> ClaimView:
        return self._change(
            claim_id,
            lambda claim: claim.record_verdict(
                rating=rating, rationale=rationale, by=by, scale=self.scale
            ),
        )

    def approve_verdict(self, claim_id: UUID, *, by: str, reason: str | None = None) -> ClaimView:
        """Approve the verdict awaiting review; `reason`, the reviewer's comment, is
        recorded with the approval."""
        return self._change(
            claim_id, lambda claim: claim.approve_verdict(by=by, reason_text=reason)
        )

    def reject_verdict(self, claim_id: UUID, *, reason: str, by: str) -> ClaimView:
        return self._change(claim_id, lambda claim: claim.reject_verdict(reason_text=reason, by=by))

    def publish(self, claim_id: UUID, *, by: str) -> ClaimView:
        return self._change(claim_id, lambda claim: claim.publish(by=by))

    def correct(self, claim_id: UUID, *, rating: str, note: str, by: str) -> ClaimView:
        return self._change(
            claim_id,
            lambda claim: claim.correct(rating=rating, note=note, by=by, scale=self.scale),
        )

    def retract(self, claim_id: UUID, *, reason: str, by: str) -> ClaimView:
        return self._change(claim_id, lambda claim: claim.retract(reason_text=reason, by=by))

    def dismiss(self, claim_id: UUID, *, reason: str, by: str) -> ClaimView:
        return self._change(claim_id, lambda claim: claim.dismiss(reason_text=reason, by=by))

    def reopen(self, claim_id: UUID, *, by: str) -> ClaimView:
        return self._change(claim_id, lambda claim: claim.reopen(by=by))

    def mark_duplicate(self, claim_id: UUID, *, original_id: UUID, by: str) -> ClaimView:
        def command(claim: Claim) -> None:
            claim.mark_duplicate(self._load(Claim, original_id, "claim"), by=by)

        return self._change(claim_id, command)

    def add_note(self, claim_id: UUID, text: str, *, by: str) -> ClaimView:
        return self._change(claim_id, lambda claim: claim.add_note(text, by=by))

    # --- machinery ---

    @one_command
    def _change(self, claim_id: UUID, command: Callable[[Claim], None]) -> ClaimView:
        """Load, decide, save; on a concurrent append, decide again on a fresh load.

        The command is re-validated against what the colleague saved, so it is
        kept when it still applies and refused with a clear conflict when not.
        """
        for attempt in range(self.max_attempts):
            claim = self._load(Claim, claim_id, "claim")
            try:
                command(claim)
            except RuleViolation as refusal:
                if attempt == 0:
                    raise
                msg = f"claim {claim_id} was changed by someone else meanwhile: {refusal}"
                raise ConflictError(msg) from None
            try:
                self.save(claim)
            except IntegrityError:
                self.back_off(attempt)
                continue
            return ClaimView.of(claim, self.scale)
        msg = f"claim {claim_id} kept changing under {self.max_attempts} attempts; try again"
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
            if followed(self):
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
        try:
            aggregate: Any = self.repository.get(
                aggregate_id, version=version, projector_func=_replayed
            )
        except AggregateNotFoundError:
            aggregate = None
        if not isinstance(aggregate, kind):
            msg = f"no {noun} with id {aggregate_id}"
            raise NotFound(msg)
        if version is not None and aggregate.version != version:
            msg = f"{noun} {aggregate_id} has no version {version} (latest is {aggregate.version})"
            raise NotFound(msg)
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
        matches = ids_with_prefix(self.recorder, cleaned, get_topic(created))
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


def _replayed(aggregate: Any, domain_events: Iterable[Any]) -> Any:
    """The library's `project_aggregate` without its check of each event against a
    runtime-checkable Protocol, which costs more than decoding and applying the
    event (`repository.get` of a 10,000-event claim: 96 ms without it, 220 with it)."""
    for domain_event in domain_events:
        aggregate = domain_event.mutate(aggregate)
    return aggregate


def actor_name(name: str) -> str:
    from domain.names import member_name

    return member_name(name)


def _formed(team: Team | None) -> Team:
    if team is None:
        msg = "this store has no team yet: 'claims team add' forms one"
        raise RuleViolation(msg)
    return team


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _busy() -> StoreBusy:
    return StoreBusy(STORE_BUSY)


def _jsonable(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _counted(ratings: dict[str, int]) -> str:
    """'true (3 claims), mixed (1 claim)'."""
    return ", ".join(f"{k} ({n} claim{'s' if n > 1 else ''})" for k, n in ratings.items())


def _refuse_relabelling(current: RatingScale, new: RatingScale, published: dict[str, int]) -> None:
    """Refuse a scale that would show published fact-checks' ratings differently."""
    changed = []
    for key in published:
        if key not in current.keys or key not in new.keys:
            continue
        was, becomes = current.get(key), new.get(key)
        if (was.label, was.value) != (becomes.label, becomes.value):
            changed.append(
                f"{key} ({was.label!r} {was.value} -> {becomes.label!r} {becomes.value})"
            )
    if changed:
        msg = (
            f"the {new.name} scale changes how published fact-checks are rated: "
            f"{', '.join(changed)}; adopt it with --relabel to change their ClaimReview"
        )
        raise RuleViolation(msg)
