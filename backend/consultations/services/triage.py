"""The hospital's side: accept, decline, ask for information, answer, close."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from accounts.models import User
from audit import services as audit
from common.actors import Actor
from common.exceptions import ValidationFailed
from consultations.models import Audience, Consultation, MessageKind, Party
from consultations.sealing import seal
from consultations.selectors.access import of_staff, staff_actor
from consultations.services.files import Upload, uploads_clean
from consultations.services.invitations import invitation_issue
from consultations.services.lifecycle import refusals_audited, transition_apply
from consultations.services.messages import message_add
from hospitals.models import ConsultationMode, StaffMembership, StaffRole

Step = Callable[[Actor, Consultation], Any]


def staff_step(*, user: User, consultation_id: object, action: str, step: Step) -> Consultation:
    actor = staff_actor(user)
    with (
        refusals_audited(actor=actor, action=action, consultation_id=consultation_id),
        audit.atomic(),
    ):
        row = of_staff(
            user=user, actor=actor, consultation_id=consultation_id, action=action, lock=True
        )
        step(actor, row)
        return row


def _doctor_of(row: Consultation, doctor_id: object) -> User:
    membership = (
        StaffMembership.objects.select_related("user")
        .filter(
            organization_id=row.organization_id,
            user_id=str(doctor_id),
            role=StaffRole.DOCTOR,
            active=True,
        )
        .first()
    )
    if membership is None:
        raise ValidationFailed(fields={"doctor": [_("Not a doctor of this hospital.")]})
    return membership.user


def consultation_accept(
    *, user: User, consultation_id: object, doctor_id: object = None
) -> Consultation:
    def step(actor: Actor, row: Consultation) -> None:
        if doctor_id:
            row.assigned_doctor = _doctor_of(row, doctor_id)
            row.save(update_fields=["assigned_doctor", "updated_at"])
        transition_apply(
            actor=actor,
            consultation=row,
            action="accept",
            party=Party.STAFF,
            notify=[("accepted", [Audience.PATIENT])],
            detail={"doctor": str(row.assigned_doctor_id or "")},
        )
        if row.home_doctor:
            invitation_issue(actor=actor, consultation=row)

    return staff_step(user=user, consultation_id=consultation_id, action="accept", step=step)


def consultation_decline(*, user: User, consultation_id: object, reason: str) -> Consultation:
    if not reason.strip():
        raise ValidationFailed(fields={"reason": [_("Say why, for the patient.")]})

    def step(actor: Actor, row: Consultation) -> None:
        row.decline_reason = seal(row.patient_id, row, "decline_reason", reason.strip())
        row.save(update_fields=["decline_reason", "updated_at"])
        transition_apply(
            actor=actor,
            consultation=row,
            action="decline",
            party=Party.STAFF,
            notify=[("declined", [Audience.PATIENT])],
        )

    return staff_step(user=user, consultation_id=consultation_id, action="decline", step=step)


def consultation_info_request(*, user: User, consultation_id: object, body: str) -> Consultation:
    def step(actor: Actor, row: Consultation) -> None:
        transition_apply(
            actor=actor,
            consultation=row,
            action="ask_info",
            party=Party.STAFF,
            notify=[("info_needed", [Audience.PATIENT])],
        )
        message_add(
            actor=actor,
            consultation=row,
            party=Party.STAFF,
            body=body,
            files=[],
            kind=MessageKind.INFO_REQUEST,
        )

    return staff_step(user=user, consultation_id=consultation_id, action="ask_info", step=step)


def consultation_answer(
    *, user: User, consultation_id: object, body: str, files: list[Upload]
) -> Consultation:
    """The hospital's written answer: clinical, so released as the consultation's mode says."""
    cleaned = uploads_clean(files)

    def step(actor: Actor, row: Consultation) -> None:
        direct = row.mode == ConsultationMode.DIRECT_PATIENT
        transition_apply(
            actor=actor,
            consultation=row,
            action="answer",
            party=Party.STAFF,
            notify=[
                ("answered" if direct else "answered_to_doctor", [Audience.PATIENT]),
                ("answered", [Audience.HOME_DOCTOR]),
            ],
        )
        message_add(
            actor=actor,
            consultation=row,
            party=Party.STAFF,
            body=body,
            files=cleaned,
            kind=MessageKind.ANSWER,
            clinical=True,
        )

    return staff_step(user=user, consultation_id=consultation_id, action="answer", step=step)


def consultation_close(*, user: User, consultation_id: object) -> Consultation:
    def step(actor: Actor, row: Consultation) -> None:
        transition_apply(
            actor=actor,
            consultation=row,
            action="close",
            party=Party.STAFF,
            notify=[("closed", [Audience.PATIENT, Audience.HOME_DOCTOR])],
        )

    return staff_step(user=user, consultation_id=consultation_id, action="close", step=step)
