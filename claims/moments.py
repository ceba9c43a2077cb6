"""Moments users type: an ISO-8601 date or date-time, read as UTC without a zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from domain.errors import InvalidInput


def parse_moment(text: str, *, what: str = "time", end_of_day: bool = False) -> datetime:
    """An ISO-8601 date or date-time; without a zone it is taken as UTC.

    A bare date means its first instant, or with `end_of_day` its last, so
    `--until 2024-05-16` includes that day.
    """
    cleaned = text.strip()
    if len(cleaned) == 10:
        try:
            day = date.fromisoformat(cleaned)
        except ValueError:
            pass
        else:
            start = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return start + timedelta(days=1, microseconds=-1) if end_of_day else start
    try:
        moment = datetime.fromisoformat(cleaned.replace("Z", "+00:00"))
    except ValueError:
        msg = f"{what} {text!r} is not an ISO-8601 date or date-time"
        raise InvalidInput(msg) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
