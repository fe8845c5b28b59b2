"""A stored resource as another system receives it: our id, the patient as it knows them.

The stored resource is exactly as the hospital pushed it, inside its Bundle; alone, its
references to the Bundle's other entries would dangle. The patient reference is rewritten
to the Patient id the reader knows; a Medication referenced by a medication statement (IPS
documents do that) is replaced by the code the index already holds for it.
"""

from __future__ import annotations

from typing import Any

MEDICATION_TYPES = frozenset(
    {"MedicationStatement", "MedicationRequest", "MedicationAdministration", "MedicationDispense"}
)
PATIENT_FIELDS = ("subject", "patient")


def shared_resource(
    resource: dict[str, Any], *, entry_id: str, patient_reference: str, summary: dict[str, Any]
) -> dict[str, Any]:
    shaped = dict(resource)
    shaped["id"] = entry_id
    for name in PATIENT_FIELDS:
        if isinstance(shaped.get(name), dict) and "reference" in shaped[name]:
            shaped[name] = {"reference": patient_reference}
    if shaped.get("resourceType") in MEDICATION_TYPES and "medicationReference" in shaped:
        concept = _concept(summary)
        if concept is not None:
            del shaped["medicationReference"]
            shaped["medicationCodeableConcept"] = concept
    return shaped


def _concept(summary: dict[str, Any]) -> dict[str, Any] | None:
    codings = [
        {k: v for k, v in (("system", s), ("code", c), ("display", d)) if v}
        for s, c, d in summary.get("codings") or []
    ]
    text = summary.get("display") or ""
    if not codings and not text:
        return None
    concept: dict[str, Any] = {"coding": codings} if codings else {}
    if text:
        concept["text"] = text
    return concept
