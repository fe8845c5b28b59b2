"""Ending what a consultation opened once it is over: the records grant, the doctor's way in.

The grant is revoked (not merely left to expire) so the hospital and the home doctor stop
reading on the very next request; the revocation is a permission change, audited as one.
"""

from __future__ import annotations

from django.utils import timezone

from audit import services as audit
from common.actors import Actor
from consent.models import Grant, GranteeType, GrantStatus
from consultations.models import Appointment, AppointmentStatus, Consultation, PortalSession


def consultation_grants(consultation: Consultation) -> list[Grant]:
    return list(
        Grant.objects.filter(
            patient_id=consultation.patient_id,
            grantee_type=GranteeType.CONSULTATION,
            grantee_id=str(consultation.id),
        )
    )


def consultation_access_end(*, actor: Actor, consultation: Consultation) -> None:
    now = timezone.now()
    for grant in consultation_grants(consultation):
        if grant.status == GrantStatus.REVOKED:
            continue
        grant.status, grant.revoked_at = GrantStatus.REVOKED, now
        grant.save(update_fields=["status", "revoked_at", "updated_at"])
        audit.record(
            actor=actor,
            action="consent.grant.revoke",
            patient_id=consultation.patient_id,
            object_type="grant",
            object_id=grant.id,
            detail={
                "grantee_type": grant.grantee_type,
                "grantee": grant.grantee_id,
                "reason": f"consultation_{consultation.state}",
            },
        )
    PortalSession.objects.filter(invitation__consultation=consultation).delete()
    Appointment.objects.filter(
        consultation=consultation,
        status__in=[AppointmentStatus.PROPOSED, AppointmentStatus.BOOKED],
        starts_at__gt=now,
    ).update(status=AppointmentStatus.CANCELLED, updated_at=now)
