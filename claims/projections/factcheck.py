"""The `factcheck` read model: every claim's state, folded from its events.

A claim's state is a dict keyed by the columns of the `factcheck` table (see
`schema.CLAIMS`), so loading a row and writing it back cost nothing extra. The
claim's life (what each event does to its status, and which field sets its rating)
is not restated here: the fold advances the domain's own `Standing` through
`domain.standing.STANDING_CHANGES` and reads the status with `Standing.status`, as
`domain.claim.Claim` does; the handlers only record who did what, and when. The
status is derived once per batch, when the row is written. Article registrations go
to the catalogue (the second table of the model), which the other read models look
articles up in.

Payloads are stored states as decoded by `decoding.Decoder`: ids, dates and
times stay wrapped by the transcoder, so `_data_` is read where needed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eventsourcing.utils import get_topic

from domain.article import Article
from domain.claim import Claim
from domain.standing import RATING_FIELDS, STANDING_CHANGES, Review, Standing, advanced

State = dict[str, Any]
Payload = dict[str, Any]
ClaimHandler = Callable[[State, Payload], None]

CLAIM_TOPIC_PREFIX = "domain.claim:Claim."
_STANCE_MARKS = {"supports": "s", "refutes": "r", "context": "c"}
_STANCE_COLUMNS = {
    "s": "evidence_supports",
    "r": "evidence_refutes",
    "c": "evidence_context",
}
_WITHDRAWN = "x"
# The columns that record each fact of a claim's standing, and their values once the
# fact ends (a retraction ends the publication, a reopening the dismissal...).
_ENDED: dict[str, dict[str, Any]] = {
    "published": {
        "published_at": None,
        "published_by": None,
        "corrections": 0,
        "corrected_at": None,
    },
    "retracted": {"retracted_at": None, "retraction_reason": None},
    "dismissed": {"dismissed_reason": None},
    "duplicate": {"duplicate_of": None},
}


def dashed(hex_digits: str) -> str:
    """32 hex digits as the canonical UUID text (what users and the views show)."""
    h = hex_digits
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _uuid(value: Any) -> str | None:
    """A transcoded UUID field as canonical text, or None."""
    if value is None:
        return None
    data = value.get("_data_") if type(value) is dict else value
    text = str(data).replace("-", "").lower()
    return dashed(text)


def standing_of(s: State) -> Standing:
    """The domain's standing of a claim, read from its row."""
    review = s["review"]
    return Standing(
        review=None if review is None else Review(review),
        published=s["published_at"] is not None,
        retracted=s["retracted_at"] is not None,
        dismissed=s["dismissed_reason"] is not None,
        duplicate=s["duplicate_of"] is not None,
    )


def status_of(s: State) -> str:
    """`Claim.status`, by the same rule."""
    return standing_of(s).status.value


# A new claim's state; `new_claim` copies it and sets what the registration says.
_NEW_CLAIM: State = {
    "id": None,
    "position": None,
    "version": None,
    "status": "open",
    "text": None,
    "article_id": None,
    "speaker": None,
    "source_url": None,
    "assignee": None,
    "rating": None,
    "rationale": None,
    "verdict_by": None,
    "verdict_at": None,
    "review": None,
    "reviewed_by": None,
    "rejection_reason": None,
    "published_at": None,
    "published_by": None,
    "corrections": 0,
    "corrected_at": None,
    "retracted_at": None,
    "retraction_reason": None,
    "evidence_supports": 0,
    "evidence_refutes": 0,
    "evidence_context": 0,
    "evidence_withdrawn": 0,
    "notes": 0,
    "appearances": 0,
    "dismissed_reason": None,
    "duplicate_of": None,
    "registered_by": None,
    "registered_at": None,
    "last_change": None,
    "speaker_key": None,
    "evidence_marks": "",
    "appearance_ids": "",
}


def new_claim(hex_id: str, position: int, version: int, p: Payload) -> State:
    """A claim's state from its `Registered` event (as `Claim.__init__`)."""
    s = _NEW_CLAIM.copy()
    at = p["timestamp"]["_data_"]
    s["id"] = dashed(hex_id)
    s["position"] = position
    s["version"] = version
    s["text"] = p["text"]
    article = p.get("article_id")
    if article is not None:
        article_id = _uuid(article)
        s["article_id"] = article_id
        if p.get("span_start") is not None and p.get("span_end") is not None:
            s["appearances"] = 1
            s["appearance_ids"] = article_id
    speaker = p.get("speaker")
    if speaker:
        s["speaker"] = speaker
        s["speaker_key"] = speaker.casefold()
    elif speaker is not None:
        s["speaker"] = speaker
    s["source_url"] = p.get("source_url")
    s["registered_by"] = p.get("actor")
    s["registered_at"] = at
    s["last_change"] = at
    return s


def new_article(hex_id: str, position: int, p: Payload) -> State:
    """A catalogue entry from `Article.Registered`."""
    published = p.get("published")
    return {
        "id": dashed(hex_id),
        "position": position,
        "title": p.get("title"),
        "url": p.get("url"),
        "published_on": published.get("_data_") if type(published) is dict else published,
        "registered_at": p["timestamp"]["_data_"],
        "registered_by": p.get("actor"),
    }


# --- one handler per claim event; the caller has set version and last_change ---


def _appearance_added(s: State, p: Payload) -> None:
    article_id = _uuid(p.get("article_id"))
    if article_id is None:
        return
    ids = s["appearance_ids"]
    s["appearance_ids"] = f"{ids} {article_id}" if ids else article_id
    s["appearances"] += 1


def _assigned(s: State, p: Payload) -> None:
    s["assignee"] = p["assignee"]


def _evidence_added(s: State, p: Payload) -> None:
    mark = _STANCE_MARKS.get(p["stance"])
    if mark is None:  # a stance this fold does not know: keep the slot, count nothing
        s["evidence_marks"] += "?"
        return
    s["evidence_marks"] += mark
    column = _STANCE_COLUMNS[mark]
    s[column] += 1


def _evidence_withdrawn(s: State, p: Payload) -> None:
    evidence_id = str(p.get("evidence_id", ""))
    marks = s["evidence_marks"]
    if not evidence_id[1:].isdigit():
        return
    index = int(evidence_id[1:]) - 1
    if not 0 <= index < len(marks) or marks[index] == _WITHDRAWN:
        return
    column = _STANCE_COLUMNS.get(marks[index])
    if column is not None:
        s[column] -= 1
    s["evidence_marks"] = marks[:index] + _WITHDRAWN + marks[index + 1 :]
    s["evidence_withdrawn"] += 1


def _verdict_recorded(s: State, p: Payload) -> None:
    s["rationale"] = p["rationale"]
    s["verdict_by"] = p.get("actor")
    s["verdict_at"] = p["timestamp"]["_data_"]
    s["reviewed_by"] = None
    s["rejection_reason"] = None


def _verdict_approved(s: State, p: Payload) -> None:
    s["reviewed_by"] = p.get("actor")


def _verdict_rejected(s: State, p: Payload) -> None:
    s["reviewed_by"] = p.get("actor")
    s["rejection_reason"] = p.get("reason")


def _published(s: State, p: Payload) -> None:
    s["published_at"] = p["timestamp"]["_data_"]
    s["published_by"] = p.get("actor")
    s["corrections"] = 0  # counted per publication, as `Claim.publication` keeps them
    s["corrected_at"] = None


def _corrected(s: State, p: Payload) -> None:
    s["corrections"] += 1
    s["corrected_at"] = p["timestamp"]["_data_"]


def _retracted(s: State, p: Payload) -> None:
    s["retracted_at"] = p["timestamp"]["_data_"]
    s["retraction_reason"] = p["reason"]


def _dismissed(s: State, p: Payload) -> None:
    s["dismissed_reason"] = p["reason"]


def _marked_duplicate(s: State, p: Payload) -> None:
    # Class version 2's name; the decoder upcasts version 1's `original_id`.
    s["duplicate_of"] = _uuid(p["duplicate_of"])


def _note_added(s: State, p: Payload) -> None:
    s["notes"] += 1


def touched(s: State, p: Payload) -> None:
    """A claim event this fold does not know: only its version and time count."""


CLAIM_HANDLERS: dict[type[Any], ClaimHandler] = {
    Claim.AppearanceAdded: _appearance_added,
    Claim.Assigned: _assigned,
    Claim.EvidenceAdded: _evidence_added,
    Claim.EvidenceWithdrawn: _evidence_withdrawn,
    Claim.VerdictRecorded: _verdict_recorded,
    Claim.VerdictApproved: _verdict_approved,
    Claim.VerdictRejected: _verdict_rejected,
    Claim.Published: _published,
    Claim.Corrected: _corrected,
    Claim.Retracted: _retracted,
    Claim.Dismissed: _dismissed,
    Claim.Reopened: touched,
    Claim.MarkedDuplicate: _marked_duplicate,
    Claim.NoteAdded: _note_added,
}
CLAIM_CREATED_TOPIC = get_topic(Claim.Registered)
ARTICLE_CREATED_TOPIC = get_topic(Article.Registered)


def living(event_name: str, record: ClaimHandler) -> ClaimHandler:
    """A handler that records the event's details, then advances the claim's standing
    and rating by the domain's rules: a fact that ends clears the columns recording it."""
    rating_field = RATING_FIELDS.get(event_name)
    if event_name not in STANDING_CHANGES and rating_field is None:
        return record

    def handler(s: State, p: Payload) -> None:
        before = standing_of(s)
        record(s, p)
        after = advanced(before, event_name)
        s["review"] = None if after.review is None else after.review.value
        for fact, cleared in _ENDED.items():
            if getattr(before, fact) and not getattr(after, fact):
                s.update(cleared)
        if rating_field is not None:
            s["rating"] = p.get(rating_field, s["rating"])

    return handler


def claim_topics() -> dict[str, ClaimHandler]:
    return {
        get_topic(cls): living(cls.__name__, handler) for cls, handler in CLAIM_HANDLERS.items()
    }
