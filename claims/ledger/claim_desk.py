"""Claims: registering them, finding and reading them, and every command of a claim's life."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from eventsourcing.persistence import (
    IntegrityError,
)

from claims.errors import AlreadyRegistered
from claims.ledger.article_desk import ArticleDesk
from claims.ledger.core import one_command
from claims.ledger.scale_desk import ScaleDesk
from claims.views import (
    ClaimSummary,
    ClaimView,
    SimilarClaimView,
)
from domain.claim import Claim
from domain.errors import InvalidInput
from domain.ids import claim_id_for

# The furthest any time zone is ahead of UTC (Kiribati, UTC+14).
_EARTH_AHEAD = timedelta(hours=14)


class ClaimDesk(ArticleDesk, ScaleDesk):
    """A claim's registration, queries, and commands."""

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
        """Load the claim, let `command` decide, save: the shared steps of `_retrying`,
        so a command is re-validated against what a colleague saved meanwhile."""

        def decide() -> Claim:
            claim = self._load(Claim, claim_id, "claim")
            command(claim)
            return claim

        return ClaimView.of(self._retrying(decide, f"claim {claim_id}"), self.scale)
