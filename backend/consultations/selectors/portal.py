"""What the home doctor's portal shows: the request, the included records (through the
consent policy), the photos and the thread; clinical answers once the licence is confirmed."""

from __future__ import annotations

from typing import Any

from audit import services as audit
from common.exceptions import NotFound
from consultations.models import LicenceState
from consultations.sealing import unseal
from consultations.selectors.detail import consultation_view
from consultations.selectors.records import RecordsReader, included_records
from consultations.selectors.thread import attachment_bytes, thread, viewer_for_doctor
from consultations.services.portal import Portal


def _reader(portal: Portal) -> RecordsReader:
    licence = unseal(portal.consultation.patient_id, portal.invitation, "licence") or {}
    country = portal.invitation.licence_country or portal.consultation.home_doctor_country
    return RecordsReader(actor=portal.actor, country=country, name=licence.get("name", ""))


def portal_page(*, portal: Portal) -> dict[str, Any]:
    consultation = portal.consultation
    viewer = viewer_for_doctor(portal.invitation)
    audit.record(
        actor=portal.actor,
        action="consultation.portal.read",
        patient_id=consultation.patient_id,
        object_type="consultation",
        object_id=consultation.id,
        purpose="follow-up",
    )
    stated = portal.invitation.licence_state != LicenceState.NOT_STATED
    page: dict[str, Any] = {
        "consultation": consultation_view(consultation, viewer=viewer, language="en"),
        "patient_name": consultation.patient.name,
        "licence_state": portal.invitation.licence_state,
        "records": None,
        "thread": [],
    }
    if not stated:
        return page  # nothing clinical before the doctor has said who they are
    try:
        page["records"] = included_records(reader=_reader(portal), consultation=consultation)
    except NotFound:
        page["records"] = None  # none included, or the patient withdrew them (logged)
    page["thread"] = thread(consultation=consultation, viewer=viewer)
    return page


def portal_attachment(*, portal: Portal, attachment_id: object) -> tuple[str, bytes]:
    if portal.invitation.licence_state == LicenceState.NOT_STATED:
        raise NotFound()
    content_type, data = attachment_bytes(
        consultation=portal.consultation,
        viewer=viewer_for_doctor(portal.invitation),
        attachment_id=attachment_id,
    )
    audit.record(
        actor=portal.actor,
        action="consultation.attachment.read",
        patient_id=portal.consultation.patient_id,
        object_type="consultation_attachment",
        object_id=str(attachment_id)[:64],
    )
    return content_type, data
