"""Whose record is this? The Bundle's Patient against the pushing organization's links."""

from __future__ import annotations

from typing import Any

from accounts.selectors import may_store_health_data
from common.exceptions import Forbidden, Unprocessable
from hospitals.models import PatientLink
from hospitals.selectors import link_for_push
from shared.fhir import is_rrn, patient_identifiers


def patient_resources(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    """Every Patient entry (validation allows several only when they share an identifier)."""
    return [
        entry["resource"]
        for entry in bundle.get("entry", [])
        if isinstance(entry.get("resource"), dict)
        and entry["resource"].get("resourceType") == "Patient"
    ]


def matching_identifiers(bundle: dict[str, Any]) -> list[tuple[str, str]]:
    """(system, value) pairs to match on; resident registration numbers are never used."""
    found: list[tuple[str, str]] = []
    for patient in patient_resources(bundle):
        for system, value in patient_identifiers(patient):
            if not is_rrn(system, value) and (system, value) not in found:
                found.append((system, value))
    return found


def link_for_bundle(*, organization_id: str, bundle: dict[str, Any]) -> PatientLink:
    identifiers = matching_identifiers(bundle)
    try:
        link = link_for_push(organization_id=organization_id, identifiers=identifiers)
    except LookupError:
        raise _not_linked(identifiers) from None
    if not may_store_health_data(link.patient_id):
        raise Forbidden(
            "The patient has withdrawn the agreement to store health data; records are not "
            "accepted for them until they give it again.",
            code="agreement_withdrawn",
        )
    return link


def _not_linked(identifiers: list[tuple[str, str]]) -> Unprocessable:
    """Names the identifier systems that were tried, never their values."""
    systems = sorted({system or "(no system)" for system, _ in identifiers})
    tried = ", ".join(systems) if systems else "none (the Patient has no usable identifier)"
    return Unprocessable(
        f"The patient is not linked to this organization. Identifier systems tried: {tried}. "
        "The patient links the hospital first (Patient/$link).",
        code="not_linked",
        expression=["Bundle.entry.resource.ofType(Patient).identifier"],
    )
