"""Reading a stored Bundle for the index: which entries are clinical, where references
point, which IPS section each entry belongs to, and what status it is in."""

from __future__ import annotations

from typing import Any

from shared.fhir import composition_kind, section_for_resource, section_key

# Who and where, billing, and definitions: context for records, not records themselves.
# The document itself is indexed through its Composition (one timeline row per document).
NOT_INDEXED = frozenset(
    {
        "Patient",
        "Practitioner",
        "PractitionerRole",
        "Organization",
        "Location",
        "Endpoint",
        "HealthcareService",
        "RelatedPerson",
        "Medication",
        "Substance",
        "Provenance",
        "Binary",
        "Bundle",
        "CodeSystem",
        "ValueSet",
        "Questionnaire",
        "Parameters",
        "Coverage",
        "Claim",
        "ClaimResponse",
        "ExplanationOfBenefit",
        "Account",
        "Invoice",
        "SupplyDelivery",
    }
)
RETRACTED_STATUS = "entered-in-error"


def resources(bundle: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    return [
        (index, entry["resource"])
        for index, entry in enumerate(bundle.get("entry", []))
        if isinstance(entry, dict) and isinstance(entry.get("resource"), dict)
    ]


def document_kind_key(bundle: dict[str, Any]) -> str:
    """ips, referral, ... from Composition.type; "document" if unknown; "record-set" else."""
    if bundle.get("type") != "document":
        return "record-set"
    composition = _composition(bundle)
    kind = composition_kind(composition) if composition else None
    return kind.key if kind else "document"


def is_retraction(bundle: dict[str, Any]) -> bool:
    """A document whose Composition, or a set whose DocumentReferences, are entered-in-error."""
    if bundle.get("type") == "document":
        composition = _composition(bundle)
        return composition is not None and composition.get("status") == RETRACTED_STATUS
    references = [r for _, r in resources(bundle) if r.get("resourceType") == "DocumentReference"]
    return bool(references) and all(r.get("status") == RETRACTED_STATUS for r in references)


def _composition(bundle: dict[str, Any]) -> dict[str, Any] | None:
    found = resources(bundle)
    if found and found[0][0] == 0 and found[0][1].get("resourceType") == "Composition":
        return found[0][1]
    return None


class References:
    """Resolves `urn:uuid:...`, absolute fullUrls, `Type/id` and `.../Type/id` to entries."""

    def __init__(self, bundle: dict[str, Any]) -> None:
        self._index: dict[str, int] = {}
        for index, entry in enumerate(bundle.get("entry", [])):
            resource = entry.get("resource") if isinstance(entry, dict) else None
            if isinstance(entry, dict) and isinstance(entry.get("fullUrl"), str):
                self._index.setdefault(entry["fullUrl"], index)
            if isinstance(resource, dict) and isinstance(resource.get("id"), str):
                self._index.setdefault(f"{resource.get('resourceType')}/{resource['id']}", index)

    def resolve(self, reference: Any) -> int | None:
        if not isinstance(reference, dict) or not isinstance(reference.get("reference"), str):
            return None
        text = reference["reference"]
        if text in self._index:
            return self._index[text]
        tail = "/".join(text.rstrip("/").split("/")[-2:])
        return self._index.get(tail)


def sections_by_entry(bundle: dict[str, Any], refs: References) -> dict[int, str]:
    """Entry index -> IPS section key, from the Composition's sections (nested ones too)."""
    composition = _composition(bundle) if bundle.get("type") == "document" else None
    placed: dict[int, str] = {}
    pending = list(composition.get("section", [])) if composition else []
    while pending:
        section = pending.pop(0)
        if not isinstance(section, dict):
            continue
        key = section_key(section)
        for item in section.get("entry", []) if isinstance(section.get("entry"), list) else []:
            index = refs.resolve(item)
            if key and index is not None:
                placed.setdefault(index, key)
        pending.extend(s for s in section.get("section", []) or [] if isinstance(s, dict))
    return placed


def section_of(index: int, resource: dict[str, Any], placed: dict[int, str]) -> str:
    if resource.get("resourceType") == "Composition":
        return ""  # the document's own row belongs to the timeline, not to a section
    return placed.get(index) or section_for_resource(resource) or ""


def statuses(resource: dict[str, Any]) -> tuple[str, str]:
    """(status, verification): clinicalStatus where the resource has one, else `status`;
    verificationStatus (Condition, AllergyIntolerance) apart, so the summary can drop
    refuted and entered-in-error entries in SQL."""
    clinical = _first_code(resource.get("clinicalStatus"))
    status = clinical or (resource["status"] if isinstance(resource.get("status"), str) else "")
    return status[:32], _first_code(resource.get("verificationStatus"))[:32]


def _first_code(concept: Any) -> str:
    codings = concept.get("coding") if isinstance(concept, dict) else None
    for coding in codings if isinstance(codings, list) else []:
        if isinstance(coding, dict) and isinstance(coding.get("code"), str):
            return str(coding["code"])
    return ""


def with_medication(resource: dict[str, Any], bundle: dict[str, Any], refs: References) -> dict:
    """A medication statement or request seen with its referenced Medication's code, so its
    display and code hashes name the drug (IPS documents reference Medication resources)."""
    if "medicationCodeableConcept" in resource:
        return resource
    index = refs.resolve(resource.get("medicationReference"))
    if index is None:
        return resource
    medication = bundle["entry"][index].get("resource") or {}
    if medication.get("resourceType") != "Medication" or not isinstance(
        medication.get("code"), dict
    ):
        return resource
    return {**resource, "medicationCodeableConcept": medication["code"]}
