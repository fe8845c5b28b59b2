"""A consultation as each side sees it. Reads are audited by the selectors that call these."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from consultations.models import Appointment, AppointmentStatus, Consultation, Invitation, Party
from consultations.sealing import unseal
from consultations.selectors.thread import Viewer, request_attachments
from consultations.services.access import consultation_grants
from consultations.texts import CONSULTATION_LANGUAGES, mode_text
from consultations.zones import around


def current_appointment(consultation: Consultation) -> Appointment | None:
    return (
        consultation.appointments.filter(
            Q(status=AppointmentStatus.PROPOSED) | Q(status=AppointmentStatus.BOOKED)
        )
        .order_by("-created_at")
        .first()
    )


def _times(consultation: Consultation, moment: Any) -> dict[str, Any]:
    return around(
        moment,
        patient_zone=consultation.patient_time_zone,
        doctor_zone=consultation.home_doctor_time_zone,
    )


def _appointment(consultation: Consultation) -> dict[str, Any] | None:
    row = current_appointment(consultation)
    if row is None:
        return None
    return {
        "id": str(row.id),
        "status": row.status,
        "starts_at": _times(consultation, row.starts_at),
        "minutes": row.minutes,
        "video_link": row.video_link,
    }


def _home_doctor(consultation: Consultation, viewer: Viewer) -> dict[str, Any] | None:
    contact = unseal(consultation.patient_id, consultation, "home_doctor")
    if contact is None:
        return None
    invitation = Invitation.objects.filter(consultation=consultation).first()
    doctor = {
        **contact,
        "country": consultation.home_doctor_country,
        "time_zone": consultation.home_doctor_time_zone,
        "invited": invitation is not None,
        "licence_state": invitation.licence_state if invitation else "not_stated",
    }
    if viewer.party == Party.STAFF and invitation is not None:
        licence = unseal(consultation.patient_id, invitation, "licence") or {}
        doctor["licence"] = {**licence, "country": invitation.licence_country} if licence else None
    return doctor


def consultation_view(
    consultation: Consultation, *, viewer: Viewer, language: str
) -> dict[str, Any]:
    content = unseal(consultation.patient_id, consultation, "content")
    grants = consultation_grants(consultation)
    return {
        "id": str(consultation.id),
        "state": consultation.state,
        "hospital": {
            "id": str(consultation.organization_id),
            "name": consultation.organization.name_in(language),
        },
        "mode": mode_text(consultation.mode, language),
        "language": consultation.language,
        "language_name": CONSULTATION_LANGUAGES.get(consultation.language, ""),
        "interpreter_needed": consultation.interpreter_needed,
        **content,
        "created_at": consultation.created_at,
        "state_changed_at": consultation.state_changed_at,
        "expires_at": consultation.expires_at,
        "decline_reason": unseal(consultation.patient_id, consultation, "decline_reason"),
        "preferred_slots": [
            {
                "starts_at": _times(consultation, s.starts_at),
                "ends_at": _times(consultation, s.ends_at),
            }
            for s in consultation.slots.order_by("starts_at")
        ],
        "appointment": _appointment(consultation),
        "home_doctor": _home_doctor(consultation, viewer),
        "attachments": request_attachments(consultation),
        "included_grants": [str(g.id) for g in grants],
    }


def staff_extras(consultation: Consultation) -> dict[str, Any]:
    patient = consultation.patient
    waiting = timezone.now() - consultation.created_at
    return {
        "patient": {
            "name": patient.name,
            "country": patient.country,
            "language": patient.preferred_language,
            "time_zone": consultation.patient_time_zone,
        },
        "assigned_doctor": str(consultation.assigned_doctor_id or "") or None,
        "waiting_hours": int(waiting.total_seconds() // 3600),
    }
