"""Loading what the decision needs: the actor as grantees, their grants, the agreements."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from accounts.models import Agreement, AgreementKind
from accounts.selectors import may_store_health_data
from common.actors import Actor
from consent.models import Grant, GranteeType
from consent.policy.decision import (
    DENIED,
    AccessRequest,
    Decision,
    Grantee,
    combine,
    decide,
    owner_decision,
)


def grantees_of(actor: Actor) -> frozenset[Grantee]:
    """Every grantee the actor acts as. Unknown actor types are no grantee at all."""
    if actor.type == "hospital" and actor.organization_id:
        return frozenset({Grantee(GranteeType.ORGANIZATION, actor.organization_id)})
    if actor.type == "staff" and actor.id:
        from hospitals.models import StaffMembership

        organizations = StaffMembership.objects.filter(
            user_id=actor.id, active=True, organization__active=True
        ).values_list("organization_id", flat=True)
        return frozenset(Grantee(GranteeType.STAFF, str(o)) for o in organizations)
    if actor.type == "share" and actor.id:
        return frozenset({Grantee(GranteeType.SHARE, actor.id)})
    if actor.type == "consult" and actor.id:
        return frozenset({Grantee(GranteeType.CONSULTATION, actor.id)})
    return frozenset()


def _transfer_agreement(patient_id: Any) -> bool:
    return Agreement.objects.filter(
        user_id=patient_id, kind=AgreementKind.TRANSFER_ABROAD, ended_at__isnull=True
    ).exists()


def grants_for(grantees: frozenset[Grantee], patient_id: Any) -> list[Grant]:
    if not grantees:
        return []
    match = Q()
    for grantee in grantees:
        match |= Q(grantee_type=grantee.type, grantee_id=grantee.id)
    return list(
        Grant.objects.filter(match, patient_id=patient_id).select_related("transfer_consent")
    )


def authorize(
    *,
    actor: Actor,
    patient_id: Any,
    purpose: str = "",
    recipient_country: str = "",
    at: datetime | None = None,
) -> Decision:
    """The one answer to "may this actor read this patient's data, and which of it?".

    The patient reads everything of their own; anyone else reads the union of what their
    standing grants allow, decided per grant by consent.policy.decision.decide; nothing
    else is ever allowed.
    """
    if actor.type == "patient" and actor.id and actor.id == str(patient_id):
        return owner_decision()
    grantees = grantees_of(actor)
    grants = grants_for(grantees, patient_id)
    if not grants:
        return DENIED
    request = AccessRequest(
        grantees=grantees,
        patient_id=str(patient_id),
        at=at or timezone.now(),
        purpose=purpose,
        recipient_country=recipient_country,
        health_data_agreement=may_store_health_data(patient_id),
        transfer_agreement=_transfer_agreement(patient_id),
    )
    return combine(decide(grant, request) for grant in grants)
