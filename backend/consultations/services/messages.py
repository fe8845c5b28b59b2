"""The thread: messages among the patient, the home doctor and the hospital's staff."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import actor_for
from audit import services as audit
from common.actors import Actor
from common.exceptions import Conflict, ValidationFailed
from consultations.models import Audience, Consultation, Message, MessageKind, Party
from consultations.sealing import seal
from consultations.selectors.access import of_patient, of_staff, staff_actor
from consultations.services.files import Upload, attachments_store, uploads_clean
from consultations.services.notices import notices_queue
from consultations.states import is_open
from consultations.uploads import CleanFile
from hospitals.models import ConsultationMode

MAX_BODY = 20_000


def message_add(
    *,
    actor: Actor,
    consultation: Consultation,
    party: str,
    body: str,
    files: list[CleanFile],
    kind: str = MessageKind.MESSAGE,
    clinical: bool = False,
) -> Message:
    """Write one message and its attachments, audited; the caller decides who is told."""
    if not body.strip() and not files:
        raise ValidationFailed(fields={"body": [_("Write a message or attach a file.")]})
    if len(body) > MAX_BODY:
        raise ValidationFailed(fields={"body": [_("This message is too long.")]})
    row = Message(
        consultation=consultation,
        author_type=party,
        author_id=actor.id,
        kind=kind,
        clinical=clinical,
    )
    row.body = seal(consultation.patient_id, row, "body", body)
    row.save()
    stored = attachments_store(
        consultation=consultation, files=files, uploaded_by=party, message=row
    )
    audit.record(
        actor=actor,
        action="consultation.message.create",
        patient_id=consultation.patient_id,
        object_type="consultation_message",
        object_id=row.id,
        purpose="follow-up",
        detail={
            "consultation": str(consultation.id),
            "kind": kind,
            "clinical": clinical,
            "attachments": len(stored),
        },
    )
    return row


def patient_sees_now(consultation: Consultation, clinical: bool) -> bool:
    return not clinical or consultation.mode == ConsultationMode.DIRECT_PATIENT


def _audiences(consultation: Consultation, party: str, clinical: bool) -> list[Audience]:
    if party == Party.PATIENT:
        return [Audience.STAFF, Audience.HOME_DOCTOR]
    if party == Party.HOME_DOCTOR:
        return [Audience.STAFF, Audience.PATIENT]
    others: list[Audience] = [Audience.HOME_DOCTOR]
    return [*others, Audience.PATIENT] if patient_sees_now(consultation, clinical) else others


def message_post(
    *,
    actor: Actor,
    consultation: Consultation,
    party: str,
    body: str,
    files: list[CleanFile],
    clinical: bool = False,
) -> Message:
    if not is_open(consultation.state):
        raise Conflict(_("This consultation is over: no more messages."), code="consultation_over")
    message = message_add(
        actor=actor,
        consultation=consultation,
        party=party,
        body=body,
        files=files,
        clinical=clinical,
    )
    audiences = _audiences(consultation, party, clinical)
    notices_queue(consultation=consultation, kind="message", audiences=audiences)
    return message


def message_post_by_patient(
    *, patient: User, consultation_id: object, body: str, files: list[Upload]
) -> Message:
    actor = actor_for(patient)
    cleaned = uploads_clean(files)
    with audit.atomic():
        row = of_patient(actor=actor, consultation_id=consultation_id, action="message.create")
        return message_post(
            actor=actor, consultation=row, party=Party.PATIENT, body=body, files=cleaned
        )


def message_post_by_staff(
    *, user: User, consultation_id: object, body: str, files: list[Upload], clinical: bool
) -> Message:
    actor = staff_actor(user)
    cleaned = uploads_clean(files)
    with audit.atomic():
        row = of_staff(
            user=user, actor=actor, consultation_id=consultation_id, action="message.create"
        )
        return message_post(
            actor=actor,
            consultation=row,
            party=Party.STAFF,
            body=body,
            files=cleaned,
            clinical=clinical,
        )
