"""Turning index rows into what the patient sees: dates, sources, coded values, sealed text.

Dates: a value without a time (precision year, month or day) is a calendar date and is
shown exactly as the sender wrote it, whatever the reader's time zone (STACK.md). Only a
value with a time is an instant, shown in the reader's zone.
"""

from __future__ import annotations

import uuid
import zoneinfo
from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from common.crypto.envelope import data_key_for, decrypt_field
from hospitals.models import Organization
from records.models import DatePrecision
from records.services.rows import ENTRY_TABLE
from shared.terminology import display_for

_INSTANTS = frozenset({DatePrecision.TIME, DatePrecision.RECEIVED})


class Sealed:
    """Opens an entry's sealed fields with the patient's data key, unwrapped once."""

    def __init__(self, patient_id: uuid.UUID) -> None:
        self.patient_id = patient_id
        self.key = data_key_for(patient_id)

    def open(self, entry_id: uuid.UUID | str, field: str, blob: bytes | memoryview) -> bytes:
        return decrypt_field(
            self.patient_id,
            bytes(blob),
            table=ENTRY_TABLE,
            row_id=entry_id,
            field=field,
            key=self.key,
        )


def zone_of(name: str) -> tzinfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC


def date_view(sort_date: date, sort_at: datetime, precision: str, zone: tzinfo) -> dict[str, Any]:
    """`value` as the sender meant it; `day` is the calendar day the entry is filed under."""
    if precision in _INSTANTS:
        value = sort_at.astimezone(zone).isoformat()
    elif precision == DatePrecision.YEAR:
        value = f"{sort_date.year:04d}"
    elif precision == DatePrecision.MONTH:
        value = f"{sort_date.year:04d}-{sort_date.month:02d}"
    else:
        value = sort_date.isoformat()
    return {"value": value, "precision": precision, "day": sort_date.isoformat()}


def organization_name(organization: Organization, language: str) -> str:
    # Names are keyed "zh-Hans" or "zh-hans" depending on who registered the hospital.
    names = organization.names or {}
    return names.get(language) or names.get(language.lower()) or organization.name_in(language)


def sources(ids: Iterable[uuid.UUID], language: str) -> dict[uuid.UUID, dict[str, str]]:
    """Each source organization as {id, name}, one query for the lot."""
    found = Organization.objects.in_bulk(set(ids))
    return {
        pk: {"id": str(pk), "name": organization_name(organization, language)}
        for pk, organization in found.items()
    }


def coded(codings: Iterable[Iterable[str]], language: str) -> dict[str, Any]:
    """The codes with their systems, and their text in `language` beside the original."""
    listed = [{"system": s, "code": c, "display": d} for s, c, d in codings]
    if not listed:
        return {"codings": [], "text": None}  # nothing coded: the display line is all there is
    concept = {"coding": [{k: v for k, v in item.items() if v} for item in listed]}
    return {"codings": listed, "text": display_for(concept, language).as_dict()}
