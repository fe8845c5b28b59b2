"""Finding a consultation for whoever asks: the patient's own, or their hospital's.

Missing, someone else's and another hospital's consultation all answer the same 404, and
the refusal is written to the audit trail (without a patient id: naming whose consultation
was guessed at would confirm it exists).
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from accounts.models import User
from audit import services as audit
from common.actors import Actor
from common.exceptions import NotFound
from common.ids import uuid_or_404
from consultations.models import Consultation
from hospitals.models import StaffMembership


def staff_actor(user: User) -> Actor:
    """The staff member as an actor, with the hospital they act for when they have one."""
    membership = memberships_of(user).first()
    return Actor(
        type="staff",
        id=str(user.id),
        role=membership.role if membership else "staff",
        organization_id=str(membership.organization_id) if membership else "",
    )


def memberships_of(user: User) -> QuerySet[StaffMembership]:
    return StaffMembership.objects.filter(
        user=user, active=True, organization__active=True
    ).order_by("created_at")


def organizations_of(user: User) -> list[uuid.UUID]:
    return list(memberships_of(user).values_list("organization_id", flat=True))


def _refused(actor: Actor, action: str, consultation_id: object) -> NotFound:
    audit.record_refusal(
        actor=actor,
        action=f"consultation.{action}",
        reason="not_found",
        object_type="consultation",
        object_id=str(consultation_id)[:64],
    )
    return NotFound()


def of_patient(
    *, actor: Actor, consultation_id: object, action: str, lock: bool = False
) -> Consultation:
    rows = Consultation.objects.select_related("organization")
    if lock:
        rows = rows.select_for_update(of=("self",))
    try:
        return rows.get(id=uuid_or_404(consultation_id), patient_id=uuid_or_404(actor.id))
    except (Consultation.DoesNotExist, NotFound):
        raise _refused(actor, action, consultation_id) from None


def of_staff(
    *, user: User, actor: Actor, consultation_id: object, action: str, lock: bool = False
) -> Consultation:
    rows = Consultation.objects.select_related("organization", "patient")
    if lock:
        rows = rows.select_for_update(of=("self",))
    try:
        return rows.get(id=uuid_or_404(consultation_id), organization_id__in=organizations_of(user))
    except (Consultation.DoesNotExist, NotFound):
        raise _refused(actor, action, consultation_id) from None
