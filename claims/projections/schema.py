"""The read models: their names, code versions, tables and columns.

A read model owns one or more tables. Each build of a model is a *generation*:
its tables are named `rm_<table>_g<generation>`, and a view `rm_<table>` shows
the public columns of the live generation. A rebuild fills the next generation
beside the live one and swaps the views in one transaction, so a reader only
ever sees a complete table. Bump a model's `version` whenever its rows would
come out differently for the same events: `claims projections status` then
reports that it must be rebuilt.

`factcheck` is the base: it keeps every claim's whole state (some of it in
hidden columns) and the catalogue of articles. The other models derive their
rows from the change of that state, so they are always maintained with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["text", "int", "real"]

TRACKING_TABLE = "rm_projections"
# The progress of each worker of a rebuild's first pass (see `rebuilding`).
WORKERS_TABLE = "rm_rebuild_workers"


@dataclass(frozen=True)
class Column:
    """A field of a read model. A `packed` field is stored with the table's other
    packed fields in one JSON array column (`detail`): one value to bind instead of
    many, which is what a bulk rebuild pays for. The view shows it as a column."""

    name: str
    type: ColumnType = "text"
    public: bool = True
    packed: bool = False


PACKED_COLUMN = "detail"


@dataclass(frozen=True)
class Table:
    """One logical table; `key` names it in every generation."""

    key: str
    columns: tuple[Column, ...]
    indexes: tuple[tuple[str, ...], ...] = ()
    order_by: str = "position"

    @property
    def names(self) -> tuple[str, ...]:
        """Every field, in order (a row's state as a dict has these keys)."""
        return tuple(c.name for c in self.columns)

    @property
    def public_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.public)

    @property
    def stored(self) -> tuple[Column, ...]:
        """The physical columns: the fields that are not packed, then `detail`."""
        plain = tuple(c for c in self.columns if not c.packed)
        return (*plain, Column(PACKED_COLUMN)) if self.packed else plain

    @property
    def stored_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.stored)

    @property
    def packed(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.packed)

    @property
    def primary_key(self) -> str:
        return self.columns[0].name

    @property
    def view(self) -> str:
        return f"rm_{self.key}"

    def physical(self, generation: int) -> str:
        return f"rm_{self.key}_g{generation}"

    def scratch(self) -> str:
        """The name of this table in a verification's temporary tables."""
        return f"rm_verify_{self.key}"


@dataclass(frozen=True)
class Model:
    name: str
    version: int
    tables: tuple[Table, ...]
    description: str

    @property
    def is_base(self) -> bool:
        return self.name == BASE


def _text(*names: str, public: bool = True, packed: bool = False) -> tuple[Column, ...]:
    return tuple(Column(n, "text", public, packed) for n in names)


def _int(*names: str, public: bool = True, packed: bool = False) -> tuple[Column, ...]:
    return tuple(Column(n, "int", public, packed) for n in names)


# What `claims list` filters and sorts on is stored in columns of its own; the rest
# of a claim's state is packed (see `Column`).
CLAIMS = Table(
    key="factcheck",
    columns=(
        *_text("id"),
        *_int("position"),
        *_int("version", packed=True),
        *_text("status", "text", "article_id", "speaker"),
        *_text("source_url", packed=True),
        *_text("assignee", "rating"),
        *_text(
            "rationale",
            "verdict_by",
            "verdict_at",
            "review",
            "reviewed_by",
            "rejection_reason",
            "published_at",
            "published_by",
            packed=True,
        ),
        *_int("corrections", packed=True),
        *_text("corrected_at", "retracted_at", "retraction_reason", packed=True),
        *_int(
            "evidence_supports",
            "evidence_refutes",
            "evidence_context",
            "evidence_withdrawn",
            "notes",
            "appearances",
            packed=True,
        ),
        *_text("dismissed_reason", "duplicate_of", "registered_by", "registered_at", packed=True),
        *_text("last_change"),
        # The speaker folded for case-insensitive search (`claims list --speaker`).
        *_text("speaker_key"),
        # Hidden state: what later events need and the public columns do not show.
        *_text("evidence_marks", "appearance_ids", public=False, packed=True),
    ),
    # (status, rating): the desk's figures count claims by both from the index alone.
    indexes=(("position",), ("status", "rating"), ("assignee",), ("article_id",), ("rating",)),
)

CATALOGUE = Table(
    key="factcheck_articles",
    columns=(
        *_text("id"),
        *_int("position"),
        *_text("title", "url", "published_on", "registered_at", "registered_by"),
    ),
)

ARTICLE_STATS = Table(
    key="articles",
    columns=(
        *_text("id"),
        *_int("position"),
        *_text("title", "url", "published_on", "registered_at"),
        *_int("claims", "checked", "published"),
        *_text("ratings"),
    ),
)

QUEUE = Table(
    key="queue",
    columns=(
        *_text("id"),
        *_int("position"),
        *_text("status", "text", "assignee", "verdict_by", "rating"),
        *_int("needs_work", "awaiting_review"),
        *_text("last_change"),
        # The recorder's name folded, for the four-eyes rule (names compare case-insensitively).
        *_text("verdict_by_key"),
    ),
    indexes=(("assignee",), ("awaiting_review",)),
)

CLAIMREVIEW = Table(
    key="claimreview",
    columns=(
        *_text("id"),
        *_int("position"),
        *_text("published_at", "rating", "document"),
    ),
    indexes=(("position",),),
)

# One row per decision taken on a claim (see `decisions`): what the desk's figures
# are counted from. `registered_at` is the claim's, so durations need no join.
DECISIONS = Table(
    key="decisions",
    columns=(
        *_text("id"),
        *_int("position"),
        *_text("claim_id", "kind", "at", "actor", "rating", "old_rating", "note", "registered_at"),
    ),
    # Covering indexes: the figures per person and period, and each claim's first
    # verdict or publication, are read from them without touching the rows.
    indexes=(("kind", "actor", "at"), ("kind", "claim_id", "at", "registered_at")),
)

# Which claims appear in which article (see `appearances`).
APPEARANCES = Table(
    key="appearances",
    columns=(*_text("id"), *_int("position"), *_text("article_id", "claim_id")),
    indexes=(("article_id",),),
)

BASE = "factcheck"

FACTCHECK = Model(
    BASE,
    2,  # 2: retractions
    (CLAIMS, CATALOGUE),
    "one row per claim: status, current verdict, evidence counts, last change",
)
ARTICLES = Model(
    "articles", 1, (ARTICLE_STATS,), "per article: claims extracted, checked, published, ratings"
)
QUEUE_MODEL = Model(
    "queue", 1, (QUEUE,), "claims assigned and open; verdicts awaiting review (four eyes)"
)
CLAIMREVIEW_MODEL = Model(
    "claimreview",
    2,  # 2: reviewRating is composed at export, from the scale in force
    (CLAIMREVIEW,),
    "one schema.org ClaimReview per published claim",
)

DECISIONS_MODEL = Model(
    "decisions",
    1,
    (DECISIONS,),
    "one row per verdict, review, publication, correction, retraction, dismissal",
)
APPEARANCES_MODEL = Model("appearances", 1, (APPEARANCES,), "which claims appear in which article")

MODELS: tuple[Model, ...] = (
    FACTCHECK,
    ARTICLES,
    QUEUE_MODEL,
    CLAIMREVIEW_MODEL,
    DECISIONS_MODEL,
    APPEARANCES_MODEL,
)
BY_NAME = {m.name: m for m in MODELS}
DEPENDENTS = tuple(m.name for m in MODELS if not m.is_base)
