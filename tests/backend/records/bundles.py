"""Bundles for the ingestion tests, with planted strings a database scan must never find."""

from __future__ import annotations

import base64
import copy
import json
import uuid
from pathlib import Path
from typing import Any

from tests.hospital_personas import MRN_A

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "fhir"
SHARED_FIXTURES = Path(__file__).resolve().parents[4] / "shared" / "fixtures"

FAMILY = "Zyxwarden"
GIVEN = "Quillonia"
SNOMED_ASTHMA = "195967001"
LOINC_PEAK_FLOW = "33452-4"
NOTE = "Wheezes after jogging in cold air near the Han river"
RRN = "800402-2345678"
RRN_SYSTEM = "http://www.hl7korea.or.kr/Identifier/rrn"

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20


def urn() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def patient(identifiers: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    pairs = identifiers if identifiers is not None else [MRN_A, (RRN_SYSTEM, RRN)]
    return {
        "resourceType": "Patient",
        "identifier": [{"system": s, "value": v} for s, v in pairs],
        "name": [{"family": FAMILY, "given": [GIVEN]}],
        "birthDate": "1980-04-02",
    }


def condition(patient_url: str) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "clinicalStatus": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                    "code": "active",
                }
            ]
        },
        "code": {
            "coding": [{"system": "http://snomed.info/sct", "code": SNOMED_ASTHMA}],
            "text": "Asthma",
        },
        "subject": {"reference": patient_url},
        "onsetDateTime": "2019-03",
        "note": [{"text": NOTE}],
    }


def observation(patient_url: str, value: float = 410.0, day: str = "2024-03-01") -> dict:
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "laboratory",
                    }
                ]
            }
        ],
        "code": {"coding": [{"system": "http://loinc.org", "code": LOINC_PEAK_FLOW}]},
        "subject": {"reference": patient_url},
        "effectiveDateTime": day,
        "valueQuantity": {"value": value, "unit": "L/min"},
    }


def collection(*resources: dict[str, Any], identifier: str | None = "set-1", **extra: Any) -> dict:
    """A collection with the Patient first; `resources` reference it as PATIENT."""
    patient_url = urn()
    entries = [{"fullUrl": patient_url, "resource": extra.pop("patient", None) or patient()}]
    for resource in resources:
        text = json.dumps(resource).replace("PATIENT", patient_url)
        entries.append({"fullUrl": urn(), "resource": json.loads(text)})
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": "collection", "entry": entries}
    if identifier:
        bundle["identifier"] = {"system": "http://hospital-a.example/bundles", "value": identifier}
    bundle.update(extra)
    return bundle


def document(identifier: str = "doc-1", status: str = "final", type_code: str = "57133-1") -> dict:
    """A referral note (진료의뢰서) with a problems and a results section."""
    patient_url, condition_url, obs_url = urn(), urn(), urn()
    composition = {
        "resourceType": "Composition",
        "status": status,
        "type": {"coding": [{"system": "http://loinc.org", "code": type_code}]},
        "subject": {"reference": patient_url},
        "date": "2024-03-02T09:30:00+09:00",
        "author": [{"display": "Seoul General Hospital"}],
        "title": "Referral",
        "section": [
            _section("11450-4", condition_url),
            _section("30954-2", obs_url),
        ],
    }
    return {
        "resourceType": "Bundle",
        "type": "document",
        "identifier": {"system": "http://hospital-a.example/documents", "value": identifier},
        "timestamp": "2024-03-02T09:31:00+09:00",
        "entry": [
            {"fullUrl": urn(), "resource": composition},
            {"fullUrl": patient_url, "resource": patient()},
            {"fullUrl": condition_url, "resource": condition(patient_url)},
            {"fullUrl": obs_url, "resource": observation(patient_url)},
        ],
    }


def _section(code: str, entry_url: str) -> dict[str, Any]:
    return {
        "title": code,
        "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
        "text": {"status": "generated", "div": '<div xmlns="http://www.w3.org/1999/xhtml">-</div>'},
        "entry": [{"reference": entry_url}],
    }


def document_reference(data: bytes, content_type: str | None, status: str = "current") -> dict:
    attachment: dict[str, Any] = {"data": base64.b64encode(data).decode(), "title": "Scan"}
    if content_type:
        attachment["contentType"] = content_type
    return {
        "resourceType": "DocumentReference",
        "status": status,
        "type": {"coding": [{"system": "http://loinc.org", "code": "18748-4"}]},
        "subject": {"reference": "PATIENT"},
        "date": "2024-02-10T11:00:00+09:00",
        "content": [{"attachment": attachment}],
    }


def fixture(relative: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / relative).read_text("utf-8"))
    return data


def for_alice(bundle: dict[str, Any]) -> dict[str, Any]:
    """A copy whose Patient carries alice's MRN at hospital A (so it matches her link)."""
    bundle = copy.deepcopy(bundle)
    for entry in bundle.get("entry", []):
        resource = entry.get("resource", {})
        if resource.get("resourceType") == "Patient":
            resource["identifier"] = [{"system": MRN_A[0], "value": MRN_A[1]}]
    return bundle


def padded(target_bytes: int) -> bytes:
    """A valid collection of about `target_bytes`, padded with many Observations."""
    one = len(json.dumps(observation("urn:uuid:" + "0" * 36)))
    count = target_bytes // (one + 60)
    bundle = collection(
        *[observation("PATIENT", value=float(i % 500)) for i in range(count)], identifier="big"
    )
    return json.dumps(bundle).encode()
