"""Index rows for one document version: clear columns for SQL, sealed text, keyed codes."""

from __future__ import annotations

import uuid
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

import orjson

from common.crypto.blind import blind_index, derive_subkey
from common.crypto.envelope import encrypt_field
from records.models import DatePrecision, DocumentVersion, IndexCode, IndexEntry
from records.services import resources as res
from shared.fhir import FhirDate, clinical_date, codings, display_line, parse_fhir_date

ENTRY_TABLE = "records_indexentry"
# Date-only values sort before any instant of their day (as FhirDate.sort_key does).
_DAY_SLACK = timedelta(hours=14)


@dataclass(frozen=True)
class Context:
    """What every row of one document version shares."""

    patient_id: Any
    document_id: Any
    version: DocumentVersion
    organization_id: Any
    kind: str
    retracted: bool
    received: FhirDate
    key: bytes  # the patient's data key
    code_key: bytes  # derive_subkey(key, "code"): dies with the data key


def code_subkey(data_key: bytes) -> bytes:
    return derive_subkey(data_key, "code")


def received_date(bundle: dict[str, Any], received_at: datetime, time_zone: str) -> FhirDate:
    """Bundle.timestamp, else when we received it (as a day in the hospital's time zone)."""
    stamp = bundle.get("timestamp")
    parsed = parse_fhir_date(stamp) if isinstance(stamp, str) else None
    if parsed is not None:
        return parsed
    try:
        zone: Any = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = UTC
    local = received_at.astimezone(zone)
    return FhirDate(local.isoformat(), "time", received_at.astimezone(UTC), local.date())


def build_rows(bundle: dict[str, Any], ctx: Context) -> tuple[list[IndexEntry], list[IndexCode]]:
    refs = res.References(bundle)
    placed = res.sections_by_entry(bundle, refs)
    entries: list[IndexEntry] = []
    codes: list[IndexCode] = []
    for index, resource in res.resources(bundle):
        if resource.get("resourceType") in res.NOT_INDEXED:
            continue
        seen = res.with_medication(resource, bundle, refs)
        entry, hashes = _row(index, resource, seen, res.section_of(index, resource, placed), ctx)
        entries.append(entry)
        codes.extend(IndexCode(entry=entry, patient_id=ctx.patient_id, code_hash=h) for h in hashes)
    return entries, codes


def _row(
    index: int, resource: dict[str, Any], seen: dict[str, Any], section: str, ctx: Context
) -> tuple[IndexEntry, list[str]]:
    found = clinical_date(resource)
    date = found or ctx.received
    status, verification = res.statuses(resource)
    triples = codings(seen)
    hashes = list(dict.fromkeys(blind_index(ctx.code_key, f"{s}|{c}") for s, c, _ in triples))
    display = display_line(seen)
    entry = IndexEntry(
        id=uuid.uuid4(),
        patient_id=ctx.patient_id,
        document_id=ctx.document_id,
        version=ctx.version,
        organization_id=ctx.organization_id,
        entry_index=index,
        resource_type=str(resource.get("resourceType"))[:64],
        section=section,
        kind=ctx.kind,
        sort_date=date.local_date,
        sort_at=_sort_at(date),
        end_date=date.bounds_dates()[1],
        precision=date.precision if found else DatePrecision.RECEIVED,
        status=status,
        verification=verification,
        retracted=ctx.retracted,
        code_hash=hashes[0] if hashes else "",
    )
    summary = {"display": display, "codings": triples, "date": date.text, "id": resource.get("id")}
    _seal(entry, ctx, display=display.encode(), summary=orjson.dumps(summary))
    _seal(entry, ctx, resource=orjson.dumps(resource))
    return entry, hashes


def _sort_at(date: FhirDate) -> datetime:
    if isinstance(date.value, datetime):
        return date.value
    return datetime.combine(date.local_date, time.min, UTC) - _DAY_SLACK


def _seal(entry: IndexEntry, ctx: Context, **fields: bytes) -> None:
    for name, plaintext in fields.items():
        sealed = encrypt_field(
            ctx.patient_id, plaintext, table=ENTRY_TABLE, row_id=entry.id, field=name, key=ctx.key
        )
        setattr(entry, name, sealed)
