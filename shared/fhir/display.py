"""Short human-readable lines and codes for resources, and patient identifier hygiene.

``display_line`` prefers the sender's own words (``code.text``), then the first coding's display,
then the bare code: the original text is always kept (DESIGN.md). Korean resident registration
numbers (주민등록번호) must never be stored: ``strip_rrn`` removes them from a Patient before
anything else sees it.
"""

from __future__ import annotations

import copy
import re
from typing import Any

RRN_SYSTEM = "http://www.hl7korea.or.kr/Identifier/rrn"
# YYMMDD then 7 digits, the first of which encodes century and sex (1-8; 9 and 0 for pre-1900).
_RRN_VALUE = re.compile(r"\d{6}-?\d{7}")

# The element holding the "what" of each resource type, best first.
_CODE_ELEMENTS: dict[str, tuple[str, ...]] = {
    "Immunization": ("vaccineCode",),
    "MedicationStatement": ("medicationCodeableConcept",),
    "MedicationRequest": ("medicationCodeableConcept",),
    "MedicationAdministration": ("medicationCodeableConcept",),
    "MedicationDispense": ("medicationCodeableConcept",),
    "DeviceUseStatement": ("device",),
    "Device": ("type",),
    "DocumentReference": ("type",),
    "Composition": ("type",),
    "Encounter": ("type", "class"),
}
_DEFAULT_CODE_ELEMENTS = ("code", "type")


def codings(resource: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(system, code, display) of the resource's main code, in the sender's order."""
    found: list[tuple[str, str, str]] = []
    for concept in _concepts(resource):
        for coding in _dicts(concept.get("coding")):
            if isinstance(coding.get("code"), str):
                found.append(_coding_triple(coding))
        if "system" in concept and isinstance(concept.get("code"), str):  # a bare Coding
            found.append(_coding_triple(concept))
    return found


def display_line(resource: dict[str, Any]) -> str:
    """One short line: what it is, plus the value or dose where there is one."""
    label = _label(resource) or str(resource.get("resourceType", "record"))
    detail = _value_text(resource) or _dose_text(resource)
    return f"{label}: {detail}" if detail else label


def _label(resource: dict[str, Any]) -> str:
    for concept in _concepts(resource):
        if isinstance(concept.get("text"), str) and concept["text"].strip():
            return str(concept["text"]).strip()
        for coding in _dicts(concept.get("coding")) or [concept]:
            for key in ("display", "code"):
                if isinstance(coding.get(key), str) and coding[key].strip():
                    return str(coding[key]).strip()
    reference = resource.get("medicationReference")
    if isinstance(reference, dict) and isinstance(reference.get("display"), str):
        return str(reference["display"])
    return str(resource["title"]) if isinstance(resource.get("title"), str) else ""


def _value_text(resource: dict[str, Any]) -> str:
    quantity = resource.get("valueQuantity")
    if isinstance(quantity, dict) and "value" in quantity:
        unit = quantity.get("unit") or quantity.get("code") or ""
        return f"{_number(quantity['value'])} {unit}".strip()
    for key in ("valueString", "valueBoolean", "valueInteger", "valueDateTime"):
        if key in resource and not isinstance(resource[key], dict | list):
            return str(resource[key])
    concept = resource.get("valueCodeableConcept")
    if isinstance(concept, dict):
        return _label({"code": concept})
    components = [c for c in _dicts(resource.get("component")) if _value_text(c)]
    return " / ".join(_value_text(c) for c in components)


def _dose_text(resource: dict[str, Any]) -> str:
    for dosage in _dicts(resource.get("dosage")) + _dicts(resource.get("dosageInstruction")):
        if isinstance(dosage.get("text"), str):
            return str(dosage["text"])
        for dose_and_rate in _dicts(dosage.get("doseAndRate")):
            dose = dose_and_rate.get("doseQuantity")
            if isinstance(dose, dict) and "value" in dose:
                return f"{_number(dose['value'])} {dose.get('unit') or ''}".strip()
    return ""


def _concepts(resource: dict[str, Any]) -> list[dict[str, Any]]:
    names = _CODE_ELEMENTS.get(str(resource.get("resourceType")), _DEFAULT_CODE_ELEMENTS)
    concepts: list[dict[str, Any]] = []
    for name in names:
        value = resource.get(name)
        concepts.extend(_dicts(value) if isinstance(value, list) else _dicts([value]))
    return concepts


def _coding_triple(coding: dict[str, Any]) -> tuple[str, str, str]:
    return (str(coding.get("system", "")), str(coding["code"]), str(coding.get("display", "")))


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def patient_identifiers(patient: dict[str, Any]) -> list[tuple[str, str]]:
    """(system, value) of each identifier that has a value; system may be empty."""
    return [
        (str(item.get("system", "")), str(item["value"]))
        for item in _dicts(patient.get("identifier"))
        if isinstance(item.get("value"), str) and item["value"]
    ]


def is_rrn(system: str, value: str) -> bool:
    """True for a Korean resident registration number, by system or by shape.

    The shape test is deliberately broad (any 13 digits, or 6-7 with a hyphen): a false
    positive drops an identifier we could have kept; a false negative stores an RRN.
    """
    if system == RRN_SYSTEM:
        return True
    return bool(_RRN_VALUE.fullmatch(value.strip()))


def strip_rrn(patient: dict[str, Any]) -> dict[str, Any]:
    """A copy of the Patient without any identifier that is (or looks like) an RRN."""
    cleaned = copy.deepcopy(patient)
    identifiers = cleaned.get("identifier")
    if isinstance(identifiers, list):
        kept = [
            item
            for item in identifiers
            if not (
                isinstance(item, dict)
                and is_rrn(str(item.get("system", "")), str(item.get("value", "")))
            )
        ]
        if kept:
            cleaned["identifier"] = kept
        else:
            del cleaned["identifier"]  # an empty array is invalid FHIR
    return cleaned
