"""Small FHIR resources for the reading tests, addressed to a patient by hospital number."""

from __future__ import annotations

from typing import Any

from tests.backend.records import bundles
from tests.hospital_personas import MRN_A

MRN_ALICE_B = ("http://hospital-b.example/mrn", "B-0001")
MRN_BOB_A = ("http://hospital-a.example/mrn", "A-0002")

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
ATC = "http://www.whocc.no/atc"
KD = "http://www.hl7korea.or.kr/CodeSystem/kpis-kdcode"
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"

METFORMIN_ATC = (ATC, "A10BA02", "metformin")
METFORMIN_KD = (KD, "643900710", "다이아벡스정500밀리그램")


def concept(*codings: tuple[str, str, str], text: str | None = None) -> dict[str, Any]:
    value: dict[str, Any] = {
        "coding": [
            {k: v for k, v in (("system", s), ("code", c), ("display", d)) if v}
            for s, c, d in codings
        ]
    }
    if text:
        value["text"] = text
    return value


def medication(
    *codings: tuple[str, str, str], day: str = "2024-05-01", status: str = "active"
) -> dict[str, Any]:
    return {
        "resourceType": "MedicationStatement",
        "status": status,
        "medicationCodeableConcept": concept(*codings),
        "subject": {"reference": "PATIENT"},
        "effectiveDateTime": day,
    }


def condition(
    *codings: tuple[str, str, str], day: str = "2023-01-10", status: str = "active", text=None
) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "clinicalStatus": {"coding": [{"system": CLINICAL, "code": status}]},
        "code": concept(*codings, text=text),
        "subject": {"reference": "PATIENT"},
        "onsetDateTime": day,
    }


def observation(code: str = "4548-4", value: float = 6.5, day: str = "2024-03-01") -> dict:
    resource = bundles.observation("PATIENT", value=value, day=day)
    resource["code"] = concept((LOINC, code, ""))
    return resource


def record_set(
    *resources: dict[str, Any], mrn: tuple[str, str] = MRN_A, identifier: str = "set-1"
) -> dict[str, Any]:
    """A collection for the patient holding `mrn`, re-pushable as a new version by identifier."""
    return bundles.collection(*resources, identifier=identifier, patient=bundles.patient([mrn]))


VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"


def retracted_reference(bundle: dict[str, Any]) -> dict[str, Any]:
    """A DocumentReference marked entered-in-error: a collection of only these retracts the
    set pushed earlier under the same identifier."""
    return {
        "fullUrl": bundles.urn(),
        "resource": {
            "resourceType": "DocumentReference",
            "status": "entered-in-error",
            "content": [{"attachment": {"url": "http://example.org/withdrawn"}}],
            "subject": {"reference": bundle["entry"][0]["fullUrl"]},
        },
    }
