"""What a hospital's system may read of a patient, over FHIR: only what a grant covers.

The hospital names the patient by a Patient id it knows: its own link's id (a hospital that
pushes records), or the id of the read grant the patient gave it (a hospital that only
receives a referral). Either way the policy decides, and an unknown id, someone else's id
and a patient without a standing grant all answer the same 404.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any

import orjson

from audit import services as audit
from common.exceptions import NotFound
from consent.fhir import paging
from consent.fhir.resources import shared_resource
from consent.models import Grant, GranteeType
from consent.policy import Decision, authorize, entries_filter
from consent.services.access import ACCESS_PREFIX, Access, access_logged, access_refused
from hospitals.models import Organization, PatientLink
from hospitals.principal import SystemPrincipal
from records.models import IndexEntry
from records.selectors.presenting import Sealed


@dataclass(frozen=True)
class ReadPage:
    resources: list[dict[str, Any]]
    total: int
    next_cursor: str | None


def patient_of_handle(*, organization_id: str, handle: str) -> Any:
    """The patient behind a Patient id this organization was given, or None."""
    try:
        wanted = uuid.UUID(handle)
    except ValueError:
        return None
    link = PatientLink.objects.filter(id=wanted, organization_id=organization_id).first()
    if link is not None:
        return link.patient_id
    grant = Grant.objects.filter(
        id=wanted, grantee_type=GranteeType.ORGANIZATION, grantee_id=organization_id
    ).first()
    return grant.patient_id if grant is not None else None


def _decide(principal: SystemPrincipal, handle: str, action: str) -> tuple[Access, Decision]:
    actor = principal.actor
    patient_id = patient_of_handle(organization_id=principal.organization_id, handle=handle)
    if patient_id is None:
        audit.record_refusal(
            actor=actor,
            action=ACCESS_PREFIX + action,
            reason="unknown_patient",
            object_type="Patient",
            object_id=handle[:64],
        )
        raise NotFound()
    organization = Organization.objects.get(id=principal.organization_id)
    access = Access(
        actor=actor,
        patient_id=patient_id,
        action=action,
        object_type="Patient",
        object_id=handle,
        organization_id=organization.id,
        recipient_country=organization.country,
    )
    decision = authorize(actor=actor, patient_id=patient_id, recipient_country=organization.country)
    if not decision.allowed:
        access_refused(access=access, decision=decision)
        raise NotFound()
    return access, decision


def _shaped(rows: list[IndexEntry], patient_id: Any, handle: str) -> list[dict[str, Any]]:
    if not rows:
        return []
    sealed = Sealed(patient_id)  # records' own opener: its table/row/field conventions
    return [
        shared_resource(
            orjson.loads(sealed.open(entry.id, "resource", entry.resource)),
            entry_id=str(entry.id),
            patient_reference=f"Patient/{handle}",
            summary=orjson.loads(sealed.open(entry.id, "summary", entry.summary)),
        )
        for entry in rows
    ]


def hospital_read(
    *,
    principal: SystemPrincipal,
    handle: str,
    resource_type: str | None,
    page: paging.PageRequest,
) -> ReadPage:
    """`Patient/{handle}/$everything` (no type) or a search of one resource type.

    Each call is one entry in the patient's access log, allowed or refused.
    """
    action = "fhir.everything" if resource_type is None else "fhir.search"
    access, decision = _decide(principal, handle, action)
    rows = IndexEntry.objects.filter(patient_id=access.patient_id).filter(entries_filter(decision))
    if resource_type is not None:
        rows = rows.filter(resource_type=resource_type)
    total = rows.count()
    found = list(paging.after(rows, page.after).order_by(*paging.ORDER)[: page.count + 1])
    shown = found[: page.count]
    more = len(found) > page.count
    resources = _shaped(shown, access.patient_id, handle)
    types = [entry.resource_type for entry in shown]
    access_logged(
        access=replace(access, returned=len(shown), resource_types=types), decision=decision
    )
    cursor = paging.encode_cursor(paging.position_of(shown[-1])) if more else None
    return ReadPage(resources=resources, total=total, next_cursor=cursor)
