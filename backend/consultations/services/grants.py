"""The records a patient includes: consent Grants to the consultation, for its life.

Grantee type "consultation": the consultation's parties (its hospital's staff and the home
doctor) read under it, through consent.policy like every other reader. Documents and sections
are separate grants because a Grant's dimensions are ANDed and the patient means "these
documents, and also these sections". Documents carry their kinds, so the transfer-abroad
consent names what kind of records leave the country rather than "all".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from accounts.models import User
from common.exceptions import ValidationFailed
from common.ids import uuid_or_404
from consent.models import Grant, GranteeType, Purpose, TransferConsent
from consent.services import GrantTerms, grant_create, transfer_consent_require
from consultations.models import Consultation
from records.models import Document


@dataclass(frozen=True)
class Included:
    documents: list[str]
    sections: list[str]

    def __bool__(self) -> bool:
        return bool(self.documents or self.sections)


@dataclass(frozen=True)
class Recipient:
    """Who receives the data: the home doctor abroad, or else the hospital itself."""

    name: str
    country: str


def document_kinds(patient: User, documents: list[str]) -> list[str]:
    wanted = {uuid_or_404(d) for d in documents}
    found = Document.objects.filter(patient=patient, id__in=wanted)
    if found.count() != len(wanted):
        raise ValidationFailed(
            fields={"include_documents": ["Some of these are not your records."]}
        )
    return sorted(set(found.values_list("kind", flat=True)))


def transfer_items(patient: User, included: Included) -> list[str]:
    kinds = document_kinds(patient, included.documents) if included.documents else []
    return sorted(set(kinds) | set(included.sections))


def transfer_required(
    *, patient: User, recipient: Recipient, items: list[str], until: datetime, now: datetime
) -> TransferConsent | None:
    """The patient's consent to this transfer abroad (PIPA Art. 28-8), or None at home.

    The thread and the photos go abroad too, not only records, so it is asked even when no
    record is included (with no items)."""
    return transfer_consent_require(
        patient=patient,
        recipient_name=recipient.name,
        country=recipient.country,
        items=items,
        period=(now, until),
    )


def included_grants_create(
    *, patient: User, consultation: Consultation, included: Included, recipient: Recipient
) -> list[Grant]:
    base = GrantTerms(
        grantee_type=GranteeType.CONSULTATION,
        grantee_id=str(consultation.id),
        recipient_name=recipient.name,
        recipient_country=recipient.country,
        purpose=Purpose.FOLLOW_UP,
        expires_at=consultation.expires_at,
    )
    scopes = []
    if included.documents:
        kinds = document_kinds(patient, included.documents)
        scopes.append(replace(base, document_ids=included.documents, kinds=kinds))
    if included.sections:
        scopes.append(replace(base, sections=included.sections))
    return [grant_create(patient=patient, terms=terms) for terms in scopes]
