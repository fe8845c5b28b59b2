"""One record as the patient sees it: the resource as the hospital sent it, its document,
source and versions, and its codes with their systems (and our translation beside them).

The resource is answered as the stored bytes: spliced into the response, never parsed and
re-serialised, unless an earlier version is asked for (then it is cut out of that version's
Bundle).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import orjson

from accounts.models import User
from common.actors import Actor
from common.crypto.envelope import decrypt_field
from common.exceptions import NotFound
from records.models import DocumentVersion, IndexEntry
from records.selectors.access import own_entry, read_logged
from records.selectors.presenting import Sealed, coded, date_view, organization_name, zone_of

VERSION_TABLE = DocumentVersion._meta.db_table


@dataclass(frozen=True)
class RecordView:
    meta: dict[str, Any]
    resource: bytes  # JSON of the FHIR resource, as stored

    def body(self) -> bytes:
        return orjson.dumps(self.meta)[:-1] + b',"resource":' + self.resource + b"}"


def record_detail(
    *, actor: Actor, patient: User, entry_id: uuid.UUID, version: int | None, language: str
) -> RecordView:
    entry = own_entry(actor=actor, patient_id=patient.id, entry_id=entry_id, action="record.read")
    sealed = Sealed(patient.id)
    raw = sealed.open(entry.id, "resource", entry.resource)
    versions = list(entry.document.versions.order_by("number"))
    shown = entry.version_id
    if version is not None:
        chosen = next((v for v in versions if v.number == version), None)
        if chosen is None:
            raise NotFound()
        raw, shown = _in_version(entry, raw, chosen, versions, sealed), chosen.id
    summary = orjson.loads(sealed.open(entry.id, "summary", entry.summary))
    meta = _meta(entry, patient, summary, versions, shown, language)
    read_logged(
        actor=actor,
        patient_id=patient.id,
        action="record.read",
        object_type="index_entry",
        object_id=entry.id,
        detail={"version": meta["version"], "type": entry.resource_type},
    )
    return RecordView(meta, raw)


def _meta(
    entry: IndexEntry,
    patient: User,
    summary: dict[str, Any],
    versions: list[DocumentVersion],
    shown: uuid.UUID,
    language: str,
) -> dict[str, Any]:
    document, zone = entry.document, zone_of(patient.time_zone)
    return {
        "id": str(entry.id),
        "resource_type": entry.resource_type,
        "section": entry.section,
        "kind": entry.kind,
        "display": summary["display"],
        "coded": coded(summary["codings"], language),
        "date": date_view(entry.sort_date, entry.sort_at, entry.precision, zone),
        "status": entry.status,
        "verification": entry.verification,
        "hidden": entry.hidden,
        "retracted": entry.retracted,
        "source": {
            "id": str(entry.organization_id),
            "name": organization_name(entry.organization, language),
        },
        "document": {
            "id": str(document.id),
            "kind": document.kind,
            "bundle_type": document.bundle_type,
            "status": document.status,
            "current_version": document.current_version,
            "versions": [_version(v) for v in versions],
        },
        "version": next(v.number for v in versions if v.id == shown),
    }


def _version(version: DocumentVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "received": version.created_at.isoformat(),
        "retraction": version.retraction,
        "entries": version.entry_count,
    }


def _in_version(
    entry: IndexEntry,
    current: bytes,
    chosen: DocumentVersion,
    versions: list[DocumentVersion],
    sealed: Sealed,
) -> bytes:
    """The same resource in another version of the document, found by fullUrl, then by
    type and id, then by position; a 404 when that version does not hold it."""
    if chosen.id == entry.version_id:
        return current
    indexed = next(v for v in versions if v.id == entry.version_id)
    full_url = _entries(indexed, sealed)[entry.entry_index].get("fullUrl")
    resource = orjson.loads(current)
    found = _locate(_entries(chosen, sealed), resource, full_url, entry.entry_index)
    if found is None:
        raise NotFound()
    return orjson.dumps(found)


def _entries(version: DocumentVersion, sealed: Sealed) -> list[dict[str, Any]]:
    plaintext = decrypt_field(
        sealed.patient_id,
        bytes(version.payload),
        table=VERSION_TABLE,
        row_id=version.id,
        field="payload",
        key=sealed.key,
    )
    entries = orjson.loads(plaintext).get("entry", [])
    return [e if isinstance(e, dict) else {} for e in entries]


def _locate(
    entries: list[dict[str, Any]], resource: dict[str, Any], full_url: Any, position: int
) -> dict[str, Any] | None:
    kind, rid = resource.get("resourceType"), resource.get("id")
    candidates = [e["resource"] for e in entries if isinstance(e.get("resource"), dict)]
    matches = [
        *(e["resource"] for e in entries if full_url and e.get("fullUrl") == full_url),
        *(r for r in candidates if rid and r.get("id") == rid),
    ]
    if position < len(entries) and isinstance(entries[position].get("resource"), dict):
        matches.append(entries[position]["resource"])
    return next((m for m in matches if isinstance(m, dict) and m.get("resourceType") == kind), None)
