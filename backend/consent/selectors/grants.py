"""The patient's grants as they see them: read grants (rows here) and push grants (their
hospital links), one list, one shape, each exportable as a FHIR Consent."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from accounts.models import User
from audit import services as audit
from common.actors import Actor
from common.exceptions import NotFound
from common.ids import uuid_or_404
from consent.models import Grant, GranteeType, GrantStatus
from consent.services.access import own_read_logged


@dataclass(frozen=True)
class GrantView:
    id: str
    kind: str  # "read": may read data; "push": may send records (a hospital link)
    grantee_type: str
    grantee_id: str
    grantee_name: str
    grantee_identifier: tuple[str, str] | None
    recipient_country: str
    purpose: str
    status: str  # active | scheduled | expired | revoked
    starts_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    created_at: datetime
    patient_reference: str  # the Patient id the grantee's system reads under, if any
    sections: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    document_ids: list[str] = field(default_factory=list)
    source_organization_ids: list[str] = field(default_factory=list)
    data_from: date | None = None
    data_to: date | None = None
    transfer_consent_id: str | None = None


def _owner_only(actor: Actor, patient: User) -> None:
    # Grants are the patient's own business: nobody else lists or exports them.
    if actor.type != "patient" or actor.id != str(patient.id):
        raise NotFound()


def status_of(grant: Grant, now: datetime) -> str:
    if grant.status == GrantStatus.REVOKED:
        return "revoked"
    if grant.expires_at is not None and grant.expires_at <= now:
        return "expired"
    return "scheduled" if grant.starts_at > now else "active"


def _organizations(ids: set[str]) -> dict[str, Any]:
    from hospitals.models import Organization

    return {str(o.id): o for o in Organization.objects.filter(id__in=ids)} if ids else {}


def _links_by_organization(patient: User) -> dict[str, str]:
    from hospitals.models import LinkStatus, PatientLink

    links = PatientLink.objects.filter(patient=patient, status=LinkStatus.ACTIVE)
    return {str(link.organization_id): str(link.id) for link in links.order_by("created_at")}


def _read_view(grant: Grant, organization: Any, handle: str, language: str) -> GrantView:
    return GrantView(
        id=str(grant.id),
        kind="read",
        grantee_type=grant.grantee_type,
        grantee_id=grant.grantee_id,
        grantee_name=organization.name_in(language) if organization else "",
        grantee_identifier=_identifier(organization),
        recipient_country=grant.recipient_country,
        purpose=grant.purpose,
        status=status_of(grant, timezone.now()),
        starts_at=grant.starts_at,
        expires_at=grant.expires_at,
        revoked_at=grant.revoked_at,
        created_at=grant.created_at,
        patient_reference=f"Patient/{handle}" if handle else "",
        sections=list(grant.sections),
        kinds=list(grant.kinds),
        document_ids=list(grant.document_ids),
        source_organization_ids=list(grant.source_organization_ids),
        data_from=grant.data_from,
        data_to=grant.data_to,
        transfer_consent_id=str(grant.transfer_consent_id) if grant.transfer_consent_id else None,
    )


def _identifier(organization: Any) -> tuple[str, str] | None:
    if organization is None or not organization.identifier_value:
        return None
    return (organization.identifier_system, organization.identifier_value)


def _push_views(patient: User) -> list[GrantView]:
    from hospitals.models import LinkStatus
    from hospitals.selectors import links_for_patient

    return [
        GrantView(
            id=str(link.id),
            kind="push",
            grantee_type=GranteeType.ORGANIZATION,
            grantee_id=str(link.organization_id),
            grantee_name=link.organization.name_in(patient.preferred_language),
            grantee_identifier=_identifier(link.organization),
            recipient_country=link.organization.country,
            purpose="treatment",
            status="active" if link.status == LinkStatus.ACTIVE else "revoked",
            starts_at=link.created_at,
            expires_at=None,
            revoked_at=link.revoked_at,
            created_at=link.created_at,
            patient_reference=f"Patient/{link.id}",
        )
        for link in links_for_patient(patient_id=patient.id)
    ]


def grants_of(*, actor: Actor, patient: User) -> list[GrantView]:
    """Every grant of the patient, newest first: read grants, then the hospital links."""
    _owner_only(actor, patient)
    own_read_logged(actor=actor, action="consent.grant.list")
    return _views(patient)


def _views(patient: User) -> list[GrantView]:
    grants = list(Grant.objects.filter(patient=patient).order_by("-created_at"))
    organizations = _organizations(
        {g.grantee_id for g in grants if g.grantee_type == GranteeType.ORGANIZATION}
    )
    links = _links_by_organization(patient)
    views = []
    for grant in grants:
        organization = organizations.get(grant.grantee_id)
        handle = ""
        if grant.grantee_type == GranteeType.ORGANIZATION:
            handle = links.get(grant.grantee_id) or str(grant.id)
        views.append(_read_view(grant, organization, handle, patient.preferred_language))
    return views + _push_views(patient)


def grant_of(*, actor: Actor, patient: User, grant_id: str) -> GrantView:
    """One of the patient's grants; someone else's and a missing one are the same 404."""
    _owner_only(actor, patient)
    wanted = str(uuid_or_404(grant_id))
    for view in _views(patient):
        if view.id == wanted:
            own_read_logged(actor=actor, action="consent.grant.read", object_id=view.id)
            return view
    audit.record_refusal(
        actor=actor, action="consent.grant.read", reason="not_found", patient_id=patient.id
    )
    raise NotFound()
