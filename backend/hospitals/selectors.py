"""Reads about hospitals and links. Patient-facing reads are always scoped to the patient."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable

from django.db.models import QuerySet

from common.exceptions import Forbidden, NotFound
from common.ids import uuid_or_404
from hospitals.identifiers import identifier_lookup_hash
from hospitals.models import LinkIdentifier, LinkStatus, PatientLink


def links_for_patient(*, patient_id: uuid.UUID) -> QuerySet[PatientLink]:
    return (
        PatientLink.objects.filter(patient_id=patient_id)
        .select_related("organization")
        .order_by("-created_at")
    )


def link_of_patient(*, patient_id: uuid.UUID, link_id: uuid.UUID | str) -> PatientLink:
    """The patient's own link, or the same 404 whether it is missing or someone else's."""
    try:
        return links_for_patient(patient_id=patient_id).get(id=uuid_or_404(link_id))
    except PatientLink.DoesNotExist:
        raise NotFound() from None


def link_for_push(*, organization_id: str, identifiers: Iterable[tuple[str, str]]) -> PatientLink:
    """Match a pushed Patient's identifiers against the pushing organization's links.

    No match: 422 "not linked" (raised by the caller's wording); a revoked link: 403.
    """
    hashes = [identifier_lookup_hash(system, value) for system, value in identifiers]
    row = (
        LinkIdentifier.objects.select_related("link")
        .filter(organization_id=organization_id, lookup_hash__in=hashes)
        .order_by("-link__created_at")
        .first()
    )
    if row is None:
        raise LookupError("not linked")
    if row.link.status != LinkStatus.ACTIVE:
        raise Forbidden(
            "The patient revoked this hospital's link; records are no longer accepted for them.",
            code="link_revoked",
        )
    return row.link


def link_for_system(*, organization_id: str, link_id: uuid.UUID | str) -> PatientLink:
    """A link as `Patient/{id}` for the organization that holds it; others get 404."""
    try:
        return PatientLink.objects.get(id=uuid_or_404(link_id), organization_id=organization_id)
    except PatientLink.DoesNotExist:
        raise NotFound() from None


def link_summaries(*, patient_id: uuid.UUID, language: str) -> list[dict[str, object]]:
    """The patient's links for display: hospital, since when, how many documents it sent."""
    from hospitals.documents import documents_per_link

    links = list(links_for_patient(patient_id=patient_id))
    counts = documents_per_link(patient_id=patient_id)
    return [
        {
            "id": link.id,
            "organization": {
                "id": str(link.organization.id),
                "name": link.organization.name_in(language),
                "country": link.organization.country,
                "kind": link.organization.kind,
            },
            "status": link.status,
            "linked_at": link.created_at,
            "revoked_at": link.revoked_at,
            "documents": counts.get(link.organization_id, 0),
        }
        for link in links
    ]


def link_identifiers(link: PatientLink) -> list[tuple[str, str]]:
    from common.crypto.envelope import data_key_for, decrypt_field

    key = data_key_for(link.patient_id)
    pairs = []
    for row in link.identifiers.order_by("created_at"):
        text = decrypt_field(
            link.patient_id,
            bytes(row.value_encrypted),
            key=key,
            table="hospitals_linkidentifier",
            row_id=row.id,
            field="value",
        )
        system, value = json.loads(text)
        pairs.append((str(system), str(value)))
    return pairs
