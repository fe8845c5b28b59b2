"""Resources of an export: the patient from the account, organizations, and stored records
copied out of the Bundles they came in.

A stored resource points at things in its original Bundle (the hospital's Patient, its
practitioners, its Medication). In an export those targets are not there, so: the subject
points at the export's own Patient, a referenced Medication becomes the coded medication
it named, and any other reference keeps only its display text (a reference that resolves
nowhere would make the document invalid).
"""

from __future__ import annotations

import uuid
from typing import Any

from accounts.models import User
from hospitals.models import Organization
from records.selectors.merge import Coding
from records.selectors.presenting import organization_name
from records.vocabulary import reading_language

_SUBJECT_KEYS = ("subject", "patient")


def urn() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def entry(full_url: str, resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": full_url, "resource": {**resource, "id": full_url.rsplit(":", 1)[1]}}


def patient_resource(patient: User) -> dict[str, Any]:
    """Name and birth date from the account; no identifier at all, so never an RRN."""
    resource: dict[str, Any] = {"resourceType": "Patient"}
    if patient.name:
        resource["name"] = [{"text": patient.name}]
    if patient.birth_date:
        resource["birthDate"] = patient.birth_date.isoformat()
    language = reading_language(None, patient.preferred_language)
    spoken = {"coding": [{"system": "urn:ietf:bcp:47", "code": language}]}
    resource["communication"] = [{"language": spoken, "preferred": True}]
    return resource


def pocketchart() -> dict[str, Any]:
    return {"resourceType": "Organization", "name": "PocketChart"}


def hospital(organization: Organization, language: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Organization",
        "name": organization_name(organization, language),
    }
    if organization.identifier_value:
        resource["identifier"] = [
            {"system": organization.identifier_system, "value": organization.identifier_value}
        ]
    return resource


def exported(resource: dict[str, Any], patient_url: str, codings: list[Coding]) -> dict[str, Any]:
    """A stored resource made self-contained for the export (see the module's docstring).
    `meta` goes: the sender's version, source and profiles describe their copy, not ours."""
    copy = {k: v for k, v in resource.items() if k not in ("meta", "id")}
    if "medicationReference" in copy:
        named = copy.pop("medicationReference")
        copy["medicationCodeableConcept"] = _concept(codings, named)
    for key in _SUBJECT_KEYS:
        if isinstance(copy.get(key), dict):
            copy[key] = {"reference": patient_url}
    detached: dict[str, Any] = _detach(copy, keep=patient_url)
    return detached


def _concept(codings: list[Coding], reference: Any) -> dict[str, Any]:
    concept: dict[str, Any] = {}
    if codings:
        concept["coding"] = [
            {k: v for k, v in (("system", s), ("code", c), ("display", d)) if v}
            for s, c, d in codings
        ]
    text = reference.get("display") if isinstance(reference, dict) else None
    if isinstance(text, str) and text.strip():
        concept["text"] = text
    return concept or {"text": "Medication"}


def _detach(value: Any, *, keep: str) -> Any:
    if isinstance(value, list):
        return [_detach(item, keep=keep) for item in value]
    if not isinstance(value, dict):
        return value
    reference = value.get("reference")
    if isinstance(reference, str) and reference != keep and not reference.startswith("#"):
        rest = {k: v for k, v in value.items() if k != "reference"}
        if "display" not in rest and "identifier" not in rest:
            rest["display"] = _type_of(reference)
        return rest
    return {k: _detach(v, keep=keep) for k, v in value.items()}


def _type_of(reference: str) -> str:
    parts = reference.rstrip("/").split("/")
    return parts[-2] if len(parts) >= 2 and parts[-2][:1].isupper() else "Referenced record"
