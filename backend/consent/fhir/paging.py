"""Keyset paging of index entries, newest first, with cursors that reveal nothing new.

A cursor is the position of the last entry already returned (its day, instant and id): the
reader has seen all three. The next page is asked from the same grant-filtered query, so a
`next` link exists only when more *permitted* entries follow: hidden entries never make one.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet

from common.exceptions import ValidationFailed

DEFAULT_COUNT = 50
MAX_COUNT = 200
ORDER = ("-sort_date", "-sort_at", "-id")


@dataclass(frozen=True)
class Position:
    sort_date: date
    sort_at: datetime
    id: uuid.UUID


@dataclass(frozen=True)
class PageRequest:
    count: int = DEFAULT_COUNT
    after: Position | None = None


def _refuse(what: str) -> ValidationFailed:
    error = ValidationFailed(f"{what} is not valid.", code="invalid_paging")
    error.fhir_code = "value"
    return error


def parse_count(value: str | None) -> int:
    if value is None or value == "":
        return DEFAULT_COUNT
    if not value.isdigit() or int(value) < 1:
        raise _refuse("_count")
    return min(int(value), MAX_COUNT)  # FHIR lets a server return fewer than asked


def encode_cursor(position: Position) -> str:
    text = f"{position.sort_date.isoformat()}|{position.sort_at.isoformat()}|{position.id}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(value: str | None) -> Position | None:
    if not value:
        return None
    try:
        text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        day, instant, ident = text.split("|")
        position = Position(
            date.fromisoformat(day), datetime.fromisoformat(instant), uuid.UUID(ident)
        )
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise _refuse("_cursor") from None
    if position.sort_at.tzinfo is None:
        raise _refuse("_cursor")
    return position


def after(rows: QuerySet, position: Position | None) -> QuerySet:
    if position is None:
        return rows
    d, a, i = position.sort_date, position.sort_at, position.id
    return rows.filter(
        Q(sort_date__lt=d) | Q(sort_date=d, sort_at__lt=a) | Q(sort_date=d, sort_at=a, id__lt=i)
    )


def position_of(entry: object) -> Position:
    return Position(entry.sort_date, entry.sort_at, entry.id)  # type: ignore[attr-defined]
