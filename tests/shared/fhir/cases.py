"""Shared helpers for the FHIR tests: where fixtures live and how single resources are wrapped."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[3]
LOCAL = REPO / "tests" / "fixtures" / "fhir"
LIVE = Path(os.environ.get("PHR_FIXTURES", REPO.parent / "shared" / "fixtures"))
BODY_LIMIT = 20 * 1024 * 1024


def live_dir(*parts: str) -> Path:
    """A folder of the shared fixtures; skip (or fail under PHR_REQUIRE_ALL=1) when absent."""
    folder = LIVE.joinpath(*parts)
    if not folder.is_dir():
        reason = f"shared fixtures not found at {folder}"
        if os.environ.get("PHR_REQUIRE_ALL") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return folder


def as_bundle(resource: dict[str, Any]) -> dict[str, Any]:
    """Put a single resource into a collection Bundle with a Patient, as a push would carry it.

    The Patient takes the id the resource's subject/patient names, and every entry gets an
    http fullUrl on one base, so relative references to the patient resolve by FHIR's rules.
    Bundles get a Patient entry added when they have none.
    """
    if resource.get("resourceType") == "Bundle":
        bundle = dict(resource)
        entries = list(bundle.get("entry") or [])
        if not any(_type_of(entry) == "Patient" for entry in entries):
            entries.append(_entry({"resourceType": "Patient", "id": "wrapped"}))
        bundle["entry"] = entries
        return bundle
    entries = [_entry(resource)]
    if resource.get("resourceType") != "Patient":
        entries.append(_entry({"resourceType": "Patient", "id": _patient_id(resource)}))
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    resource_type = resource.get("resourceType")
    resource_id = resource.get("id") if isinstance(resource.get("id"), str) else "no-id"
    return {
        "fullUrl": f"http://example.org/fhir/{resource_type}/{resource_id}",
        "resource": resource,
    }


def _patient_id(resource: dict[str, Any]) -> str:
    for element in ("subject", "patient"):
        value = resource.get(element)
        reference = value.get("reference") if isinstance(value, dict) else None
        if isinstance(reference, str) and reference.startswith("Patient/"):
            return reference.removeprefix("Patient/")
    return "wrapped"


def _type_of(entry: Any) -> Any:
    resource = entry.get("resource") if isinstance(entry, dict) else None
    return resource.get("resourceType") if isinstance(resource, dict) else None
