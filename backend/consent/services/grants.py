"""Creating and revoking grants. Every change is a permission change: audited in the same
transaction, kept for the permission-change retention (3 years)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from accounts.models import User
from accounts.selectors import actor_for
from audit import services as audit
from common.exceptions import NotFound, ValidationFailed
from common.ids import uuid_or_404
from consent.models import Grant, GranteeType, GrantStatus, TransferConsent
from consent.services.transfer import transfer_consent_require
from consent.vocabulary import known_kinds, known_sections


@dataclass(frozen=True)
class GrantTerms:
    """What the patient grants. Empty lists do not restrict their dimension."""

    grantee_type: str
    grantee_id: str
    recipient_name: str  # for the transfer consent; shown to the patient
    recipient_country: str
    purpose: str
    expires_at: datetime | None
    starts_at: datetime | None = None
    sections: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    document_ids: list[str] = field(default_factory=list)
    source_organization_ids: list[str] = field(default_factory=list)
    data_from: date | None = None
    data_to: date | None = None

    @property
    def items(self) -> list[str]:
        return sorted(set(self.sections) | set(self.kinds)) or ["all"]


def _problems(patient: User, terms: GrantTerms, starts_at: datetime) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if unknown := set(terms.sections) - known_sections():
        problems["sections"] = [f"Unknown section: {', '.join(sorted(unknown))}."]
    if unknown := set(terms.kinds) - known_kinds():
        problems["kinds"] = [f"Unknown document kind: {', '.join(sorted(unknown))}."]
    if terms.expires_at is not None and terms.expires_at <= max(starts_at, timezone.now()):
        problems["expires_at"] = ["The grant must end in the future, after it starts."]
    if terms.data_from and terms.data_to and terms.data_from > terms.data_to:
        problems["data_from"] = ["The data period starts after it ends."]
    if terms.document_ids and not _own_documents(patient, terms.document_ids):
        problems["document_ids"] = ["Some of these documents are not yours."]
    return problems


def _own_documents(patient: User, ids: list[str]) -> bool:
    from records.models import Document

    wanted = {uuid_or_404(i) for i in ids}
    return Document.objects.filter(patient=patient, id__in=wanted).count() == len(wanted)


def grant_create(*, patient: User, terms: GrantTerms) -> Grant:
    """Give a grant. Sharing and consultations call this for their own grantee types."""
    starts_at = terms.starts_at or timezone.now()
    problems = _problems(patient, terms, starts_at)
    if problems:
        raise ValidationFailed(fields=problems)
    transfer = transfer_consent_require(
        patient=patient,
        recipient_name=terms.recipient_name,
        country=terms.recipient_country,
        items=terms.items,
        period=(starts_at, terms.expires_at),
    )
    with audit.atomic():
        grant = _grant_row(patient, terms, starts_at, transfer)
        audit.record(
            actor=actor_for(patient),
            action="consent.grant.create",
            patient_id=patient.id,
            object_type="grant",
            object_id=grant.id,
            purpose=grant.purpose,
            detail=_grant_detail(grant),
        )
    return grant


def _grant_row(
    patient: User, terms: GrantTerms, starts_at: datetime, transfer: TransferConsent | None
) -> Grant:
    return Grant.objects.create(
        patient=patient,
        grantee_type=terms.grantee_type,
        grantee_id=terms.grantee_id,
        purpose=terms.purpose,
        sections=sorted(set(terms.sections)),
        kinds=sorted(set(terms.kinds)),
        document_ids=sorted({str(uuid_or_404(d)) for d in terms.document_ids}),
        source_organization_ids=sorted(set(terms.source_organization_ids)),
        data_from=terms.data_from,
        data_to=terms.data_to,
        starts_at=starts_at,
        expires_at=terms.expires_at,
        recipient_country=terms.recipient_country.upper(),
        transfer_consent=transfer,
    )


def _grant_detail(grant: Grant) -> dict[str, Any]:
    return {
        "grantee_type": grant.grantee_type,
        "grantee": grant.grantee_id,
        "sections": list(grant.sections),
        "kinds": list(grant.kinds),
        "documents": len(grant.document_ids),
        "expires": grant.expires_at.isoformat() if grant.expires_at else None,
        "country": grant.recipient_country,
    }


def _organization(reference: dict[str, str]) -> Any:
    from hospitals.models import Organization

    active = Organization.objects.filter(active=True)
    if reference.get("id"):
        try:
            return active.filter(id=uuid.UUID(str(reference["id"]))).first()
        except ValueError:
            return None
    if reference.get("identifier"):
        return active.filter(identifier_value=reference["identifier"]).first()
    return None


def organization_grant_create(
    *, patient: User, grantee_type: str, organization: dict[str, str], terms: dict[str, Any]
) -> Grant:
    """A read grant to a hospital's systems, or to its staff (continuing care, a referral).

    The hospital is named by id or by its HIRA number; its country decides whether this is a
    transfer abroad.
    """
    found = _organization(organization)
    if found is None or grantee_type not in {GranteeType.ORGANIZATION, GranteeType.STAFF}:
        raise ValidationFailed(fields={"grantee": ["No such hospital."]})
    grant_terms = GrantTerms(
        grantee_type=grantee_type,
        grantee_id=str(found.id),
        recipient_name=found.name_in(patient.preferred_language),
        recipient_country=found.country,
        **terms,
    )
    return grant_create(patient=patient, terms=grant_terms)


def grant_revoke(*, patient: User, grant_id: uuid.UUID | str) -> str:
    """Revoke a read grant, or a push grant (a hospital link) through hospitals' own revoke.

    Returns the kind revoked ("read" or "push"). Effective on the very next request: the
    policy reads the status at each request. Revoking twice is not an error.
    """
    wanted = uuid_or_404(grant_id)
    with audit.atomic():
        grant = Grant.objects.select_for_update().filter(patient=patient, id=wanted).first()
        if grant is not None:
            _revoke(patient, grant)
            return "read"
    return _revoke_link(patient, wanted)


def _revoke(patient: User, grant: Grant) -> None:
    if grant.status == GrantStatus.REVOKED:
        return
    grant.status = GrantStatus.REVOKED
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["status", "revoked_at", "updated_at"])
    audit.record(
        actor=actor_for(patient),
        action="consent.grant.revoke",
        patient_id=patient.id,
        object_type="grant",
        object_id=grant.id,
        detail={"grantee_type": grant.grantee_type, "grantee": grant.grantee_id},
    )


def _revoke_link(patient: User, link_id: uuid.UUID) -> str:
    from hospitals.services import link_revoke

    try:
        link_revoke(patient_id=patient.id, link_id=link_id, actor=actor_for(patient))
    except NotFound:
        audit.record_refusal(
            actor=actor_for(patient),
            action="consent.grant.revoke",
            reason="not_found",
            object_type="grant",
            object_id=link_id,
        )
        raise
    return "push"


def grants_end_for_deletion(*, user: User, replaying: bool = False) -> dict[str, int]:
    """An account deletion hook (accounts' ACCOUNT_DELETION_HOOKS): every read grant is
    revoked and every transfer consent withdrawn, in the deletion's own transaction.

    The policy already refuses reads of a deactivated patient; ending the grants as well
    keeps the rows truthful for operators and for a restore that replays the deletion.
    """
    now = timezone.now()
    grants = Grant.objects.filter(patient=user, status=GrantStatus.ACTIVE).update(
        status=GrantStatus.REVOKED, revoked_at=now, updated_at=now
    )
    transfers = TransferConsent.objects.filter(patient=user, withdrawn_at__isnull=True).update(
        withdrawn_at=now, updated_at=now
    )
    return {"grants_revoked": grants, "transfer_consents_withdrawn": transfers}
