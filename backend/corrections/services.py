"""Writes of the corrections app: the patient files a request, the hospital moves it along
or closes it, account deletion erases them. Each runs in audit.atomic with its event."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
from django.conf import settings
from django.utils import timezone

from accounts.models import User
from audit import services as audit
from common.actors import Actor
from common.crypto.envelope import decrypt_field
from common.exceptions import Conflict, NotFound, Unprocessable, ValidationFailed
from common.ids import uuid_or_404
from corrections.models import CLOSED, CorrectionRequest, CorrectionStatus
from corrections.sealing import seal
from hospitals.models import LinkStatus, PatientLink
from hospitals.principal import SystemPrincipal
from records.models import IndexEntry
from records.selectors.access import PURPOSE, own_entry

# What a hospital may set: its workflow steps and the two ends.
SETTABLE = frozenset(CorrectionStatus) - {CorrectionStatus.REQUESTED}


def _checked_text(text: str) -> str:
    text = text.strip()
    limit = settings.CORRECTIONS_MAX_TEXT
    if not text:
        raise ValidationFailed(fields={"text": ["Say what should be corrected."]})
    if len(text) > limit:
        raise ValidationFailed(fields={"text": [f"Write at most {limit} characters."]})
    return text


def _link(patient: User, organization_id: uuid.UUID) -> PatientLink:
    """The link the hospital knows the patient by: an active one, else the latest."""
    links = PatientLink.objects.filter(patient=patient, organization_id=organization_id)
    link = (
        links.filter(status=LinkStatus.ACTIVE).order_by("-created_at").first()
        or links.order_by("-created_at").first()
    )
    if link is None:
        raise Unprocessable("This hospital is not linked to your account.", code="no_link")
    return link


def _focus(entry: IndexEntry) -> dict[str, Any]:
    """The resource as the hospital knows it: `Type/id` from its Bundle, else the entry's
    fullUrl; and the Bundle's identifier, so its system finds the document."""
    version = entry.version
    payload = decrypt_field(
        entry.patient_id, bytes(version.payload), table="records_documentversion",
        row_id=version.id, field="payload",
    )  # fmt: skip
    bundle = orjson.loads(payload)
    entries = bundle.get("entry") or []
    item = entries[entry.entry_index] if entry.entry_index < len(entries) else {}
    resource = item.get("resource") or {}
    reference = (
        f"{resource['resourceType']}/{resource['id']}"
        if resource.get("id") and resource.get("resourceType")
        else item.get("fullUrl", "")
    )
    return {"reference": reference, "bundle_identifier": bundle.get("identifier")}


def correction_request(
    *, actor: Actor, patient: User, entry_id: uuid.UUID, text: str
) -> CorrectionRequest:
    text = _checked_text(text)
    entry = own_entry(
        actor=actor, patient_id=patient.id, entry_id=entry_id, action="correction.request"
    )
    link = _link(patient, entry.organization_id)
    with audit.atomic():
        row = CorrectionRequest(
            patient=patient, organization_id=entry.organization_id, link=link,
            document_id=entry.document_id, entry_id=entry.id, entry_index=entry.entry_index,
            resource_type=entry.resource_type,
        )  # fmt: skip
        row.focus, row.text = seal(row, "focus", _focus(entry)), seal(row, "text", text)
        row.save()
        audit.record(
            actor=actor, action="correction.request", patient_id=patient.id,
            object_type="correction", object_id=row.id, purpose=PURPOSE,
            detail={"organization": str(entry.organization_id), "entry": str(entry.id)},
        )  # fmt: skip
    return row


def correction_update(
    *, principal: SystemPrincipal, task_id: str, status: str, note: str
) -> CorrectionRequest:
    """The hospital moves its Task along; a closed Task stays closed (409)."""
    if status not in SETTABLE:
        raise Unprocessable(
            "Task.status must be accepted, in-progress, completed or rejected.",
            code="invalid_status", expression=["Task.status"],
        )  # fmt: skip
    with audit.atomic():
        row = (
            CorrectionRequest.objects.select_for_update()
            .filter(id=uuid_or_404(task_id), organization_id=principal.organization_id)
            .first()
        )
        if row is None:
            raise NotFound()
        if row.status in CLOSED and row.status != status:
            raise Conflict("This Task is already closed.", code="task_closed")
        _apply(row, principal, status, note)
    return row


def _apply(row: CorrectionRequest, principal: SystemPrincipal, status: str, note: str) -> None:
    previous = row.status
    row.status = status
    if note.strip():
        row.reply = seal(row, "reply", note.strip()[: settings.CORRECTIONS_MAX_TEXT])
    if status in CLOSED and row.closed_at is None:
        row.closed_at, row.closed_by = timezone.now(), principal.client_id
    row.save()
    audit.record(
        actor=principal.actor, action="correction.update", patient_id=row.patient_id,
        object_type="correction", object_id=row.id,
        detail={"from": previous, "to": status, "note": bool(note.strip())},
    )  # fmt: skip


def corrections_erase(*, patient_id: uuid.UUID) -> int:
    """Account deletion: the requests go (the hospital's Task answers 404 from then on)."""
    count, _ = CorrectionRequest.objects.filter(patient_id=patient_id).delete()
    return count
