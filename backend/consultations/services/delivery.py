"""Delivering notices: in the app for the patient, by email for staff and the home doctor.

Each notice is delivered under its row lock and stamped sent in the same transaction, so a
task that runs twice (a retry, a re-queue) finds it sent and does nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from consultations import emails
from consultations.models import Audience, Consultation, Invitation, Notice
from consultations.sealing import unseal
from consultations.selectors.detail import current_appointment
from consultations.services.invitations import portal_url
from consultations.zones import shown_in
from notifications.services import notification_create

REQUEUE_AFTER = timedelta(minutes=2)


def _patient_params(consultation: Consultation) -> dict[str, Any]:
    patient = consultation.patient
    params: dict[str, Any] = {
        "hospital": consultation.organization.name_in(patient.preferred_language),
        "consultation": str(consultation.id),
    }
    appointment = current_appointment(consultation)
    if appointment is not None:
        params["time"] = shown_in(appointment.starts_at, consultation.patient_time_zone)["text"]
    return params


def _to_doctor(notice: Notice, consultation: Consultation) -> None:
    contact = unseal(consultation.patient_id, consultation, "home_doctor") or {}
    invitation = Invitation.objects.filter(consultation=consultation).first()
    if not contact.get("email") or invitation is None:
        return  # reached by phone: the patient relays the link and passcode
    link = portal_url(unseal(consultation.patient_id, invitation, "link"))
    secret = unseal(consultation.patient_id, notice, "secret") or {}
    emails.doctor_email_send(
        consultation=consultation,
        address=contact["email"],
        kind=notice.kind,
        link=link,
        passcode=secret.get("passcode", ""),
    )


def notice_deliver(*, notice_id: str) -> bool:
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(of=("self",))
            .select_related("consultation__organization", "consultation__patient")
            .filter(id=notice_id, sent_at__isnull=True)
            .first()
        )
        if notice is None:
            return False
        consultation = notice.consultation
        if notice.audience == Audience.PATIENT:
            notification_create(
                user_id=consultation.patient_id,
                kind=f"consultation.{notice.kind}",
                params=_patient_params(consultation),
            )
        elif notice.audience == Audience.STAFF:
            emails.staff_email_send(consultation=consultation, kind=notice.kind)
        else:
            _to_doctor(notice, consultation)
        notice.sent_at, notice.secret = timezone.now(), b""
        notice.save(update_fields=["sent_at", "secret", "updated_at"])
    return True


def notices_unsent_requeue() -> int:
    """Queue again what a lost broker message left unsent (delivery is idempotent)."""
    from consultations.tasks import deliver_notice

    stale = Notice.objects.filter(
        sent_at__isnull=True, created_at__lt=timezone.now() - REQUEUE_AFTER
    ).values_list("id", flat=True)[:500]
    ids = [str(pk) for pk in stale]
    for pk in ids:
        deliver_notice.delay(pk)
    return len(ids)
