"""Validated payloads. Commands check their input here before any event is made."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, TypeVar
from uuid import UUID

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from domain.errors import InvalidInput
from domain.text import Shape, refused_character


def _policed(shape: Shape) -> BeforeValidator:
    """Refuse the characters `domain.text` keeps out of the store, naming the first."""

    def check(value: object) -> object:
        if isinstance(value, str):
            refused = refused_character(value, shape)
            if refused is not None:
                msg = f"holds {refused}"
                raise ValueError(msg)
        return value

    return BeforeValidator(check)


# One line (a speaker, a title, a label); text that may run over lines (a quote, a note).
Line = _policed("line")
Lines = _policed("text")

ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), Line
]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5_000), Lines
]
# 5 MiB: no article file the ingest limit admits can hold more characters than this.
ArticleBody = Annotated[str, StringConstraints(min_length=1, max_length=5 * 1024 * 1024), Lines]


class Stance(StrEnum):
    """How a piece of evidence bears on a claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"


class _Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ClaimDraft(_Payload):
    text: Text
    quote: Text
    article_id: UUID | None = None
    span: tuple[int, int] | None = None
    speaker: ShortText | None = None
    checkworthiness: float | None = Field(default=None, ge=0.0, le=1.0, allow_inf_nan=False)
    source_url: HttpUrl | None = None
    # Why the extractor picked the sentence: feature names such as "money".
    features: tuple[Annotated[str, StringConstraints(min_length=1, max_length=40), Line], ...] = (
        Field(default=(), max_length=40)
    )

    @field_validator("checkworthiness", mode="before")
    @classmethod
    def _score_is_a_number(cls, value: object) -> object:
        if isinstance(value, bool):
            msg = "checkworthiness must be a number from 0 to 1"
            raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _span_is_ordered_and_anchored(self) -> ClaimDraft:
        if self.span is not None:
            start, end = self.span
            if not 0 <= start < end:
                msg = "span must be two offsets with 0 <= start < end"
                raise ValueError(msg)
            if self.article_id is None:
                msg = "a span needs the article it points into"
                raise ValueError(msg)
        return self


class EvidenceDraft(_Payload):
    url: HttpUrl
    quote: Text
    stance: Stance
    note: Text | None = None


class ArticleDraft(_Payload):
    title: ShortText
    published: date
    url: HttpUrl | None = None
    text: ArticleBody

    @field_validator("text")
    @classmethod
    def _text_is_not_blank(cls, value: str) -> str:
        if not value.strip():
            msg = "article text is blank"
            raise ValueError(msg)
        return value


RatingKey = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9-]{0,39}$"),
]
RatingLabel = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80), Line
]


class RatingDraft(_Payload):
    key: RatingKey
    label: RatingLabel
    # The ordinal ClaimReview carries as ratingValue; None for a rating off the line.
    value: int | None = Field(default=None, ge=0, le=1000, strict=True)


class ScaleDraft(_Payload):
    name: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=80, pattern=r"^\S+$"),
        Line,
    ]
    ratings: tuple[RatingDraft, ...] = Field(min_length=2, max_length=50)

    @model_validator(mode="after")
    def _keys_and_labels_are_unique(self) -> ScaleDraft:
        for field in ("key", "label"):
            seen: set[str] = set()
            for rating in self.ratings:
                value = getattr(rating, field)
                if value.casefold() in seen:
                    msg = f"two ratings share the {field} {value!r}"
                    raise ValueError(msg)
                seen.add(value.casefold())
        return self


class Reason(_Payload):
    text: Text


P = TypeVar("P", bound=BaseModel)


def parse(model: type[P], /, **data: Any) -> P:
    """Validate `data` as `model`, turning the first problem into one readable line.
    (`model` is positional-only, so a field of that name in `data` is just data.)"""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or model.__name__
        problem = str(first["msg"]).removeprefix("Value error, ")
        raise InvalidInput(f"{where}: {problem}") from None


def reason(text: str, *, what: str = "reason") -> str:
    """A non-empty, bounded free-text reason or note."""
    refused = refused_character(text, "text")
    if refused is not None:
        raise InvalidInput(f"{what} holds {refused}")
    try:
        return Reason.model_validate({"text": text}).text
    except ValidationError:
        raise InvalidInput(f"{what} must be 1 to 5000 characters of text") from None
