"""The patient's side: asking for follow-up, answering a request for information, cancelling."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import actor_for
from audit import services as audit
from common.exceptions import ValidationFailed
from consultations.models import Audience, Consultation, Party, PreferredSlot
from consultations.sealing import seal
from consultations.selectors.access import of_patient
from consultations.services.files import Upload, attachments_store, uploads_clean
from consultations.services.grants import (
    Included,
    Recipient,
    included_grants_create,
    transfer_items,
    transfer_required,
)
from consultations.services.lifecycle import refusals_audited, transition_apply
from consultations.services.messages import message_add
from consultations.services.notices import notices_queue
from consultations.zones import instant_of
from hospitals.models import ConsultationMode, LinkStatus, Organization, PatientLink


@dataclass(frozen=True)
class HomeDoctor:
    name: str
    country: str
    time_zone: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Slot:
    start: datetime  # naive: wall-clock time in the request's zone; aware: an instant
    minutes: int


@dataclass(frozen=True)
class NewConsultation:
    organization_id: uuid.UUID
    department: str
    reason: str
    questions: list[str]
    language: str
    interpreter_needed: bool
    time_zone: str  # the zone the slots were entered in
    slots: list[Slot] = field(default_factory=list)
    included: Included = field(default_factory=lambda: Included([], []))
    home_doctor: HomeDoctor | None = None
    files: list[Upload] = field(default_factory=list)


def _linked_organization(patient: User, organization_id: uuid.UUID) -> Organization:
    link = (
        PatientLink.objects.select_related("organization")
        .filter(
            patient=patient,
            organization_id=organization_id,
            status=LinkStatus.ACTIVE,
            organization__active=True,
        )
        .first()
    )
    if link is None:
        raise ValidationFailed(fields={"hospital": [_("Choose one of your linked hospitals.")]})
    return link.organization


def _expiry(now: datetime) -> datetime:
    # Rounded up to the next UTC midnight: the transfer consent the patient gives for it
    # still covers the request when they retry later the same day.
    end = now.astimezone(UTC) + timedelta(days=settings.CONSULTATIONS_LIFETIME_DAYS)
    return (end + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def _slots(data: NewConsultation, now: datetime) -> list[tuple[datetime, datetime]]:
    out = []
    for slot in data.slots:
        start = instant_of(slot.start, data.time_zone, field="slots")
        if start <= now:
            raise ValidationFailed(fields={"slots": [_("Preferred times must be in the future.")]})
        out.append((start, start + timedelta(minutes=slot.minutes)))
    return out


def _recipient(organization: Organization, data: NewConsultation, language: str) -> Recipient:
    if data.home_doctor is not None:
        return Recipient(data.home_doctor.name, data.home_doctor.country)
    if organization.consultation_mode != ConsultationMode.DIRECT_PATIENT:
        raise ValidationFailed(
            fields={
                "home_doctor": [_("This hospital answers through your home doctor: name them.")]
            }
        )
    return Recipient(organization.name_in(language), organization.country)


def _new_row(patient: User, organization: Organization, data: NewConsultation) -> Consultation:
    now = timezone.now()
    doctor = data.home_doctor
    row = Consultation(
        patient=patient,
        organization=organization,
        state_changed_at=now,
        mode=organization.consultation_mode,
        language=data.language,
        interpreter_needed=data.interpreter_needed,
        patient_time_zone=patient.time_zone,
        home_doctor_country=doctor.country if doctor else "",
        home_doctor_time_zone=doctor.time_zone if doctor else "",
        expires_at=_expiry(now),
    )
    content = {"department": data.department, "reason": data.reason, "questions": data.questions}
    row.content = seal(patient.id, row, "content", content)
    if doctor is not None:
        contact = {"name": doctor.name, "email": doctor.email, "phone": doctor.phone}
        row.home_doctor = seal(patient.id, row, "home_doctor", contact)
    return row


def consultation_create(*, patient: User, data: NewConsultation) -> Consultation:
    organization = _linked_organization(patient, data.organization_id)
    recipient = _recipient(organization, data, patient.preferred_language)
    now = timezone.now()
    slots = _slots(data, now)
    files = uploads_clean(data.files)
    row = _new_row(patient, organization, data)
    items = transfer_items(patient, data.included)
    row.transfer_consent = transfer_required(
        patient=patient, recipient=recipient, items=items, until=row.expires_at, now=now
    )
    with audit.atomic():
        row.save()
        PreferredSlot.objects.bulk_create(
            PreferredSlot(consultation=row, starts_at=s, ends_at=e) for s, e in slots
        )
        stored = attachments_store(consultation=row, files=files, uploaded_by=Party.PATIENT)
        grants = included_grants_create(
            patient=patient, consultation=row, included=data.included, recipient=recipient
        )
        audit.record(
            actor=actor_for(patient),
            action="consultation.create",
            patient_id=patient.id,
            object_type="consultation",
            object_id=row.id,
            purpose="follow-up",
            detail={
                "organization": str(organization.id),
                "attachments": len(stored),
                "slots": len(slots),
                "grants": [str(g.id) for g in grants],
                "language": row.language,
                "mode": row.mode,
            },
        )
        notices_queue(consultation=row, kind="requested", audiences=[Audience.STAFF])
    return row


def consultation_cancel(*, patient: User, consultation_id: object) -> Consultation:
    actor = actor_for(patient)
    with (
        refusals_audited(actor=actor, action="cancel", consultation_id=consultation_id),
        audit.atomic(),
    ):
        row = of_patient(actor=actor, consultation_id=consultation_id, action="cancel", lock=True)
        return transition_apply(
            actor=actor,
            consultation=row,
            action="cancel",
            party=Party.PATIENT,
            notify=[("cancelled", [Audience.STAFF, Audience.HOME_DOCTOR])],
        )


def consultation_info_provide(
    *, patient: User, consultation_id: object, body: str, files: list[Upload]
) -> Consultation:
    """The patient answers the hospital's questions; the request goes back to the queue."""
    actor = actor_for(patient)
    cleaned = uploads_clean(files)
    with (
        refusals_audited(actor=actor, action="provide_info", consultation_id=consultation_id),
        audit.atomic(),
    ):
        row = of_patient(
            actor=actor, consultation_id=consultation_id, action="provide_info", lock=True
        )
        transition_apply(
            actor=actor,
            consultation=row,
            action="provide_info",
            party=Party.PATIENT,
            notify=[("info_provided", [Audience.STAFF])],
        )
        message_add(actor=actor, consultation=row, party=Party.PATIENT, body=body, files=cleaned)
        return row
