"""Reading a report page back: its marks per claim, its JSON-LD."""

from __future__ import annotations

from html.parser import HTMLParser


class Marks(HTMLParser):
    """The text under each claim's `<mark>` elements, joined in page order."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.by_claim: dict[str, str] = {}
        self._open: list[str | None] = []
        self.feed(source)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "mark":
            self._open.append(dict(attrs).get("data-claim"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for claim in set(self._open):
            if claim is not None:
                self.by_claim[claim] = self.by_claim.get(claim, "") + data
