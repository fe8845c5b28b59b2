"""Appointments: the hospital proposes a time, the patient books it, reminders go out.

A reminder is claimed by one conditional UPDATE (`reminded_*_at IS NULL`): however many beat
ticks or workers run at once, exactly one wins and sends, so none is ever sent twice.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import actor_for
from audit import services as audit
from common.actors import SYSTEM, Actor
from common.exceptions import Conflict, ValidationFailed
from consultations.models import Appointment, AppointmentStatus, Audience, Consultation, Party
from consultations.selectors.access import of_patient
from consultations.services.lifecycle import refusals_audited, transition_apply
from consultations.services.notices import notices_queue
from consultations.services.triage import staff_step

REMINDERS = (("reminded_24h_at", timedelta(hours=24)), ("reminded_1h_at", timedelta(hours=1)))


def _checked_link(link: str) -> str:
    if link and urlsplit(link).scheme != "https":
        raise ValidationFailed(fields={"video_link": [_("Use an https:// link.")]})
    return link


def appointment_propose(
    *, user: User, consultation_id: object, starts_at: datetime, minutes: int, video_link: str = ""
) -> Consultation:
    if starts_at <= timezone.now():
        raise ValidationFailed(fields={"starts_at": [_("Propose a time in the future.")]})
    link = _checked_link(video_link)

    def step(actor: Actor, row: Consultation) -> None:
        transition_apply(
            actor=actor,
            consultation=row,
            action="propose",
            party=Party.STAFF,
            notify=[("time_proposed", [Audience.PATIENT, Audience.HOME_DOCTOR])],
        )
        row.appointments.filter(
            status__in=[AppointmentStatus.PROPOSED, AppointmentStatus.BOOKED]
        ).update(status=AppointmentStatus.SUPERSEDED, updated_at=timezone.now())
        appointment = Appointment.objects.create(
            consultation=row,
            starts_at=starts_at,
            minutes=minutes,
            status=AppointmentStatus.PROPOSED,
            video_link=link,
            proposed_by=actor.id,
        )
        audit.record(
            actor=actor,
            action="consultation.appointment.propose",
            patient_id=row.patient_id,
            object_type="appointment",
            object_id=appointment.id,
            detail={"consultation": str(row.id), "starts_at": starts_at.isoformat()},
        )

    return staff_step(user=user, consultation_id=consultation_id, action="propose", step=step)


def appointment_book(*, patient: User, consultation_id: object) -> Consultation:
    """The patient accepts the proposed time."""
    actor = actor_for(patient)
    with (
        refusals_audited(actor=actor, action="book", consultation_id=consultation_id),
        audit.atomic(),
    ):
        row = of_patient(actor=actor, consultation_id=consultation_id, action="book", lock=True)
        proposed = row.appointments.filter(status=AppointmentStatus.PROPOSED).first()
        if proposed is None or proposed.starts_at <= timezone.now():
            raise Conflict(_("There is no proposed time to accept."), code="nothing_proposed")
        proposed.status = AppointmentStatus.BOOKED
        proposed.save(update_fields=["status", "updated_at"])
        return transition_apply(
            actor=actor,
            consultation=row,
            action="book",
            party=Party.PATIENT,
            notify=[("booked", [Audience.STAFF, Audience.HOME_DOCTOR])],
            detail={"appointment": str(proposed.id)},
        )


def _claim(appointment_id: uuid.UUID, field: str) -> bool:
    return (
        Appointment.objects.filter(id=appointment_id, **{f"{field}__isnull": True}).update(
            **{field: timezone.now()}
        )
        == 1
    )


def reminders_send(*, now: datetime | None = None) -> int:
    """Send the reminders now due; returns how many were sent. Safe to run at any rate."""
    now = now or timezone.now()
    sent = 0
    booked = Appointment.objects.filter(
        status=AppointmentStatus.BOOKED, starts_at__gt=now, starts_at__lte=now + timedelta(hours=24)
    ).select_related("consultation")
    for appointment in booked:
        for field, lead in REMINDERS:
            due = appointment.starts_at - lead <= now
            # A 24-hour reminder not sent before the 1-hour mark is dropped, not sent late.
            too_late = field == "reminded_24h_at" and appointment.starts_at - now <= timedelta(
                hours=1
            )
            if due and not getattr(appointment, field) and not too_late:
                sent += _remind(appointment, field)
    return sent


def _remind(appointment: Appointment, field: str) -> int:
    with audit.atomic():
        if not _claim(appointment.id, field):
            return 0
        kind = "reminder_24h" if field == "reminded_24h_at" else "reminder_1h"
        consultation = appointment.consultation
        notices_queue(
            consultation=consultation, kind=kind, audiences=[Audience.PATIENT, Audience.HOME_DOCTOR]
        )
        audit.record(
            actor=SYSTEM,
            action="consultation.reminder.send",
            patient_id=consultation.patient_id,
            object_type="appointment",
            object_id=appointment.id,
            detail={"consultation": str(consultation.id), "kind": kind},
        )
    return 1
