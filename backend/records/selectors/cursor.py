"""The timeline's keyset cursor: the position of the last entry of a page.

The order is (sort_date, sort_at, id), newest first, which is the timeline index's order, so
a page starts where the index says and costs the same at any depth. `id` breaks ties: many
entries on one date (or one instant) page without loss or repeat, and entries that arrive
between two pages never shift the next page. The cursor is opaque to clients (base64url of
"v1|date|instant|id"): its format may change without breaking them.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast

from django.db import connection
from django.db.models import BooleanField, Field
from django.db.models.expressions import RawSQL

from common.exceptions import ValidationFailed
from records.models import IndexEntry

_VERSION = "v1"
_TABLE = IndexEntry._meta.db_table


class InvalidCursor(ValidationFailed):
    default_message = "The cursor is not one this server made."

    def __init__(self) -> None:
        super().__init__(code="invalid_cursor", fields={"cursor": ["Not a valid cursor."]})


@dataclass(frozen=True)
class Position:
    sort_date: date
    sort_at: datetime
    id: uuid.UUID

    @classmethod
    def of(cls, row: dict[str, Any]) -> Position:
        return cls(row["sort_date"], row["sort_at"], row["id"])

    def encode(self) -> str:
        text = "|".join(
            (_VERSION, self.sort_date.isoformat(), self.sort_at.isoformat(), self.id.hex)
        )
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, cursor: str) -> Position:
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
            version, day, instant, pk = raw.split("|")
            at = datetime.fromisoformat(instant)
            if version != _VERSION or at.tzinfo is None:
                raise ValueError(version)
            return cls(date.fromisoformat(day), at.astimezone(UTC), uuid.UUID(hex=pk))
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise InvalidCursor() from None

    def before(self) -> RawSQL:
        """Rows strictly after this one in timeline order, as one row-value comparison:
        PostgreSQL turns it into an index range, where an OR of three conditions would make
        it scan from the newest row and filter (a deep page costing like all pages before)."""
        columns = ", ".join(f'"{_TABLE}"."{name}"' for name in ("sort_date", "sort_at", "id"))
        return RawSQL(  # noqa: S611 - fixed column names; the values are bound parameters
            f"({columns}) < (%s, %s, %s)",
            [self._prep(name) for name in ("sort_date", "sort_at", "id")],
            output_field=BooleanField(),
        )

    def _prep(self, name: str) -> Any:
        # Each backend stores dates, instants and UUIDs its own way (SQLite: text): bind the
        # value exactly as the column stores it, or the comparison is between unlike things.
        field = cast(Field, IndexEntry._meta.get_field(name))
        return field.get_db_prep_value(getattr(self, name), connection, prepared=False)
