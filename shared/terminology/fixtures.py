"""Collecting the coded values of clinical resources from FHIR files on disk.

Handles the variety real senders produce: document and transaction Bundles (nested too),
bare resources, bulk-export NDJSON, and files that do not parse (skipped and counted).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shared.fhir.display import codings

from .systems import ATC, CVX, LOINC, RXNORM, SNOMED
from .tables import code_key

CLINICAL_TYPES = frozenset(
    {
        "AllergyIntolerance",
        "Condition",
        "Immunization",
        "Medication",
        "MedicationAdministration",
        "MedicationDispense",
        "MedicationRequest",
        "MedicationStatement",
        "Observation",
        "Procedure",
    }
)

# Some generated data puts other identifiers under a well-known system (OpenMRS concept
# UUIDs labelled LOINC); such codes can never be covered, so they are reported apart.
_CODE_SHAPES = {
    SNOMED: re.compile(r"\d{6,18}"),
    LOINC: re.compile(r"\d{1,7}-\d"),
    RXNORM: re.compile(r"\d{1,9}"),
    CVX: re.compile(r"\d{1,3}"),
    ATC: re.compile(r"[A-Z](\d{2}([A-Z]([A-Z](\d{2})?)?)?)?"),
}


@dataclass
class FoundCodes:
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    displays: dict[tuple[str, str], str] = field(default_factory=dict)
    malformed: Counter[tuple[str, str]] = field(default_factory=Counter)
    unreadable_files: int = 0


def collect(root: Path) -> FoundCodes:
    found = FoundCodes()
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".json", ".ndjson") or not path.is_file():
            continue
        try:
            resources = list(_resources(path))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            found.unreadable_files += 1
            continue
        for resource in resources:
            _add(found, resource)
    return found


def _add(found: FoundCodes, resource: dict[str, Any]) -> None:
    if resource.get("resourceType") not in CLINICAL_TYPES:
        return
    triples = codings(resource)
    for component in _dicts(resource.get("component")):
        triples += codings({"resourceType": "Observation", "code": component.get("code")})
    for system, code, display in triples:
        key = code_key(system, code)
        shape = _CODE_SHAPES.get(key[0])
        if shape is not None and not shape.fullmatch(key[1]):
            found.malformed[key] += 1
            continue
        found.counts[key] += 1
        if display and key not in found.displays:
            found.displays[key] = display


def _resources(path: Path) -> Iterator[dict[str, Any]]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".ndjson":
        documents = [json.loads(line) for line in text.splitlines() if line.strip()]
    else:
        documents = [json.loads(text)]
    stack = [d for d in documents if isinstance(d, dict)]
    while stack:
        resource = stack.pop()
        if resource.get("resourceType") != "Bundle":
            yield resource
            continue
        for entry in _dicts(resource.get("entry")):
            if isinstance(entry.get("resource"), dict):
                stack.append(entry["resource"])


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
