"""The records a patient included, as the hospital's staff or the home doctor read them.

Every read goes through consent.policy: the reader acts as the grantee "consultation" (the
consultation's parties), so the grants the patient made for it — and only while they stand —
decide what is returned. Each read, allowed or refused, is one entry in the patient's access
log, naming the person who read (the staff member, or the doctor's stated name).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import orjson

from common.actors import Actor
from common.crypto.envelope import data_key_for, decrypt_field
from common.exceptions import NotFound
from consent.policy import authorize, entries_filter
from consent.services.access import Access, access_logged, access_refused
from consultations.models import Consultation
from records.models import IndexEntry
from records.services.rows import ENTRY_TABLE

MAX_ENTRIES = 500


@dataclass(frozen=True)
class RecordsReader:
    """Who reads (for the log) and from where (for the transfer-abroad rule)."""

    actor: Actor
    country: str
    organization_id: object = None
    name: str = ""


def _as_party(consultation: Consultation) -> Actor:
    return Actor(type="consult", id=str(consultation.id))


def _shaped(rows: list[IndexEntry], patient_id: Any) -> list[dict[str, Any]]:
    key = data_key_for(patient_id) if rows else b""

    def opened(entry: IndexEntry, name: str) -> bytes:
        blob = bytes(getattr(entry, name))
        return decrypt_field(
            patient_id, blob, table=ENTRY_TABLE, row_id=entry.id, field=name, key=key
        )

    return [
        {
            "id": str(entry.id),
            "document": str(entry.document_id),
            "resource_type": entry.resource_type,
            "section": entry.section,
            "kind": entry.kind,
            "date": entry.sort_date.isoformat(),
            "display": opened(entry, "display").decode(),
            "summary": orjson.loads(opened(entry, "summary")),
            "source": entry.organization.name_in("en"),
        }
        for entry in rows
    ]


def included_records(*, reader: RecordsReader, consultation: Consultation) -> list[dict[str, Any]]:
    """The included records, or 404 when no standing grant allows them (closed, withdrawn)."""
    patient_id = consultation.patient_id
    access = Access(
        actor=reader.actor,
        patient_id=patient_id,
        action="consultation.records",
        object_type="consultation",
        object_id=consultation.id,
        organization_id=reader.organization_id,
        recipient_name=reader.name,
        recipient_country=reader.country,
    )
    decision = authorize(
        actor=_as_party(consultation),
        patient_id=patient_id,
        purpose="follow-up",
        recipient_country=reader.country,
    )
    if not decision.allowed:
        access_refused(access=access, decision=decision)
        raise NotFound()
    rows = list(
        IndexEntry.objects.filter(patient_id=patient_id)
        .filter(entries_filter(decision))
        .select_related("organization")
        .order_by("-sort_date", "id")[:MAX_ENTRIES]
    )
    logged = replace(access, returned=len(rows), resource_types=[r.resource_type for r in rows])
    access_logged(access=logged, decision=decision)
    return _shaped(rows, patient_id)
