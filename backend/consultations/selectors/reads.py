"""Audited reads of consultations: the patient's own, and their hospital's staff's."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from audit import services as audit
from common.actors import Actor
from common.ids import uuid_or_404
from consultations.models import Consultation, Party
from consultations.selectors.access import of_patient, of_staff, organizations_of, staff_actor
from consultations.selectors.detail import consultation_view, staff_extras
from consultations.selectors.fhir import consultation_bundle
from consultations.selectors.records import RecordsReader, included_records
from consultations.selectors.thread import Viewer, attachment_bytes, thread

PATIENT = Viewer(Party.PATIENT)
STAFF = Viewer(Party.STAFF)


def _read_logged(actor: Actor, consultation: Consultation, action: str) -> None:
    audit.record(
        actor=actor,
        action=f"consultation.{action}",
        patient_id=consultation.patient_id,
        object_type="consultation",
        object_id=consultation.id,
        purpose="follow-up",
    )


def patient_consultations(*, actor: Actor, language: str) -> list[dict[str, Any]]:
    rows = Consultation.objects.filter(patient_id=uuid_or_404(actor.id)).select_related(
        "organization"
    )
    audit.record(actor=actor, action="consultation.list", patient_id=actor.id)
    return [
        {
            "id": str(row.id),
            "state": row.state,
            "hospital": {
                "id": str(row.organization_id),
                "name": row.organization.name_in(language),
            },
            "created_at": row.created_at,
            "state_changed_at": row.state_changed_at,
        }
        for row in rows.order_by("-created_at")
    ]


def patient_consultation(
    *, actor: Actor, consultation_id: object, language: str
) -> tuple[Consultation, dict[str, Any]]:
    row = of_patient(actor=actor, consultation_id=consultation_id, action="read")
    _read_logged(actor, row, "read")
    return row, consultation_view(row, viewer=PATIENT, language=language)


def patient_thread(*, actor: Actor, consultation_id: object) -> list[dict[str, Any]]:
    row = of_patient(actor=actor, consultation_id=consultation_id, action="messages.read")
    _read_logged(actor, row, "messages.read")
    return thread(consultation=row, viewer=PATIENT)


def staff_consultation(
    *, user: User, consultation_id: object
) -> tuple[Consultation, dict[str, Any]]:
    actor = staff_actor(user)
    row = of_staff(user=user, actor=actor, consultation_id=consultation_id, action="read")
    _read_logged(actor, row, "read")
    view = consultation_view(row, viewer=STAFF, language=user.preferred_language)
    return row, {**view, **staff_extras(row)}


def staff_thread(*, user: User, consultation_id: object) -> list[dict[str, Any]]:
    actor = staff_actor(user)
    row = of_staff(user=user, actor=actor, consultation_id=consultation_id, action="messages.read")
    _read_logged(actor, row, "messages.read")
    return thread(consultation=row, viewer=STAFF)


def staff_queue(*, user: User, state: str = "") -> list[dict[str, Any]]:
    """The hospital's queue: state, the patient's country and language, waiting time."""
    rows = Consultation.objects.filter(organization_id__in=organizations_of(user))
    if state:
        rows = rows.filter(state=state)
    rows = rows.select_related("patient").order_by("created_at")[:500]
    audit.record(actor=staff_actor(user), action="consultation.queue")
    return [
        {
            "id": str(row.id),
            "state": row.state,
            "received_at": row.created_at,
            "state_changed_at": row.state_changed_at,
            "language": row.language,
            "interpreter_needed": row.interpreter_needed,
            "assigned_doctor": str(row.assigned_doctor_id or "") or None,
            **{k: v for k, v in staff_extras(row).items() if k != "assigned_doctor"},
        }
        for row in rows
    ]


def _attachment_logged(actor: Actor, row: Consultation, attachment_id: object) -> None:
    audit.record(
        actor=actor,
        action="consultation.attachment.read",
        patient_id=row.patient_id,
        object_type="consultation_attachment",
        object_id=str(attachment_id)[:64],
    )


def patient_attachment(
    *, actor: Actor, consultation_id: object, attachment_id: object
) -> tuple[str, bytes]:
    row = of_patient(actor=actor, consultation_id=consultation_id, action="attachment.read")
    found = attachment_bytes(consultation=row, viewer=PATIENT, attachment_id=attachment_id)
    _attachment_logged(actor, row, attachment_id)
    return found


def staff_attachment(
    *, user: User, consultation_id: object, attachment_id: object
) -> tuple[str, bytes]:
    actor = staff_actor(user)
    row = of_staff(
        user=user, actor=actor, consultation_id=consultation_id, action="attachment.read"
    )
    found = attachment_bytes(consultation=row, viewer=STAFF, attachment_id=attachment_id)
    _attachment_logged(actor, row, attachment_id)
    return found


def staff_records(*, user: User, consultation_id: object) -> list[dict[str, Any]]:
    """The included records, through the consent policy: only while the consultation's
    grants stand (they are revoked when it ends)."""
    actor = staff_actor(user)
    row = of_staff(user=user, actor=actor, consultation_id=consultation_id, action="records")
    reader = RecordsReader(
        actor=actor, country=row.organization.country, organization_id=row.organization_id
    )
    return included_records(reader=reader, consultation=row)


def fhir_export(*, actor: Actor, consultation: Consultation, viewer: Viewer) -> dict[str, Any]:
    _read_logged(actor, consultation, "export.fhir")
    return consultation_bundle(consultation, viewer=viewer)
