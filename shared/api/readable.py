"""The readable fields of a FHIR resource, for a record's page: (label key, value) pairs.

Labels are keys of the app's catalogue (shared/i18n, "field.*"), so they follow the reader's
language; values are the sender's own words and numbers, shown as written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _concept(value: Any) -> str:
    if not isinstance(value, dict):
        return ""
    if isinstance(value.get("text"), str) and value["text"].strip():
        return str(value["text"]).strip()
    for coding in value.get("coding") or []:
        if isinstance(coding, dict) and (coding.get("display") or coding.get("code")):
            return str(coding.get("display") or coding.get("code"))
    return ""


def _quantity(value: Any) -> str:
    if not isinstance(value, dict) or "value" not in value:
        return ""
    unit = value.get("unit") or value.get("code") or ""
    return f"{value['value']} {unit}".strip()


def _when(resource: dict[str, Any], *names: str) -> str:
    for name in names:
        value = resource.get(name)
        if isinstance(value, str):
            return value.replace("T", " ")[:16]
        if isinstance(value, dict) and isinstance(value.get("start"), str):
            return str(value["start"]).replace("T", " ")[:16]
    return ""


def _value(resource: dict[str, Any]) -> str:
    return (
        _quantity(resource.get("valueQuantity"))
        or _concept(resource.get("valueCodeableConcept"))
        or str(resource.get("valueString") or "")
    )


def _reactions(resource: dict[str, Any]) -> str:
    found = []
    for reaction in resource.get("reaction") or []:
        if isinstance(reaction, dict):
            found += [_concept(m) for m in reaction.get("manifestation") or []]
    return ", ".join(f for f in found if f)


def _dosage(resource: dict[str, Any]) -> str:
    texts = [
        d.get("text", "")
        for d in resource.get("dosage") or resource.get("dosageInstruction") or []
        if isinstance(d, dict)
    ]
    return "; ".join(t for t in texts if t)


def _notes(resource: dict[str, Any]) -> str:
    return " ".join(n.get("text", "") for n in resource.get("note") or [] if isinstance(n, dict))


FIELDS: tuple[tuple[str, Callable[[dict[str, Any]], str]], ...] = (
    ("field.clinical_status", lambda r: _concept(r.get("clinicalStatus"))),
    ("field.verification", lambda r: _concept(r.get("verificationStatus"))),
    ("field.status", lambda r: str(r.get("status") or "")),
    ("field.criticality", lambda r: str(r.get("criticality") or "")),
    ("field.reaction", _reactions),
    ("field.value", _value),
    (
        "field.interpretation",
        lambda r: ", ".join(_concept(i) for i in r.get("interpretation") or []),
    ),
    ("field.dosage", _dosage),
    ("field.body_site", lambda r: ", ".join(_concept(b) for b in r.get("bodySite") or [])),
    ("field.onset", lambda r: _when(r, "onsetDateTime", "onsetPeriod")),
    (
        "field.date",
        lambda r: _when(
            r,
            "effectiveDateTime",
            "effectivePeriod",
            "occurrenceDateTime",
            "performedDateTime",
            "performedPeriod",
            "recordedDate",
            "date",
        ),
    ),
    ("field.note", _notes),
)


def readable_fields(resource: dict[str, Any]) -> list[tuple[str, str]]:
    """The fields this resource has, in a fixed order; empty ones are left out."""
    pairs = [(label, read(resource)) for label, read in FIELDS]
    return [(label, value) for label, value in pairs if value]
