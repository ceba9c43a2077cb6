"""The period a report covers: from --since to --until, both included, in UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from domain.errors import InvalidInput


@dataclass(frozen=True)
class Period:
    since: datetime | None = None
    until: datetime | None = None

    @classmethod
    def parse(cls, since: str | None, until: str | None) -> Period:
        """ISO-8601 dates or date-times (UTC without a zone); a bare date is the start
        of that day for --since and the whole day for --until."""
        from claims.moments import parse_moment

        period = cls(
            since=parse_moment(since, what="--since").astimezone(UTC) if since else None,
            until=parse_moment(until, what="--until", end_of_day=True).astimezone(UTC)
            if until
            else None,
        )
        if period.since and period.until and period.since > period.until:
            msg = "--since is after --until: the period is empty"
            raise InvalidInput(msg)
        return period

    @property
    def bounded(self) -> bool:
        return self.since is not None or self.until is not None

    def bounds(self) -> tuple[str, str]:
        """The period as the read models store times (ISO-8601 text with +00:00, which
        sorts in time order): open ends become the widest bounds."""
        low = self.since.isoformat() if self.since else ""
        high = self.until.isoformat() if self.until else "9999"
        return low, high

    def describe(self) -> str:
        if not self.bounded:
            return "all time"
        low = _shown(self.since) if self.since else "the start"
        high = _shown(self.until) if self.until else "now"
        return f"{low} to {high}"


def _shown(moment: datetime) -> str:
    if moment.hour == moment.minute == moment.second == 0 and not moment.microsecond:
        return moment.date().isoformat()
    if (moment.hour, moment.minute, moment.second, moment.microsecond) == (23, 59, 59, 999999):
        return moment.date().isoformat()
    return moment.strftime("%Y-%m-%d %H:%M:%SZ")
