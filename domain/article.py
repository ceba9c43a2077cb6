"""The Article aggregate: a stored news text that claims point into."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.checks import actor, article_draft
from domain.ids import article_id_for, sha256_hex


class Article(Aggregate):
    """A registered article. Its text never changes once registered."""

    class Registered(Aggregate.Created):
        title: str
        published: date
        url: str | None
        text: str
        sha256: str
        actor: str

    @staticmethod
    def create_id(sha256: str, **_: Any) -> UUID:
        return article_id_for(sha256)

    @classmethod
    def register(
        cls, *, title: str, published: date, text: str, url: str | None, by: str
    ) -> Article:
        draft = article_draft(title=title, published=published, url=url, text=text)
        return cls(
            title=draft.title,
            published=draft.published,
            url=str(draft.url) if draft.url else None,
            text=draft.text,
            sha256=sha256_hex(draft.text),
            actor=actor(by),
        )

    @event(Registered)
    def __init__(
        self,
        *,
        title: str,
        published: date,
        url: str | None,
        text: str,
        sha256: str,
        actor: str,
    ) -> None:
        self.title = title
        self.published = published
        self.url = url
        self.text = text
        self.sha256 = sha256
        self.registered_by = actor
