"""Bundle-level rules of PocketChart's ingestion (see POLICY.md for each refuse/warn choice)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from .kinds import composition_kind
from .outcome import Issue, error, warning

ACCEPTED_TYPES = frozenset({"document", "collection", "transaction"})
_TYPE_REASONS = {
    "searchset": "a search result, not a record: it may hold other patients and search outcomes",
    "history": "a version history, not a record",
    "batch": "independent operations without all-or-nothing meaning",
    "message": "FHIR messaging is not supported",
    "transaction-response": "a server's response, not a record",
    "batch-response": "a server's response, not a record",
}
# Conformance and knowledge resources describe how systems behave, not the patient; a PHR has
# no use for them and we cannot check what they claim (POLICY.md).
DEFINITIONAL_TYPES = frozenset(
    {
        "CapabilityStatement",
        "StructureDefinition",
        "StructureMap",
        "ImplementationGuide",
        "SearchParameter",
        "OperationDefinition",
        "CompartmentDefinition",
        "GraphDefinition",
        "MessageDefinition",
        "ExampleScenario",
        "TerminologyCapabilities",
        "Measure",
        "Library",
        "PlanDefinition",
        "ActivityDefinition",
        "EventDefinition",
        "ResearchDefinition",
        "ResearchElementDefinition",
        "EvidenceVariable",
        "TestScript",
        "TestReport",
    }
)
_ABSOLUTE = re.compile(r"(?:urn:uuid:[0-9a-fA-F-]{36}|urn:oid:[0-2](?:\.\d+)+|https?://\S+)")
_TRANSACTION_METHODS = frozenset({"POST", "PUT"})


def check_bundle_type(bundle: dict[str, Any]) -> list[Issue]:
    bundle_type = bundle.get("type")
    if bundle_type in ACCEPTED_TYPES:
        return []
    reason = _TYPE_REASONS.get(str(bundle_type), "not a FHIR Bundle type we accept")
    message = f"Bundle.type must be document, collection or transaction: {reason}."
    return [error("not-supported", message, "Bundle.type")]


def check_document(bundle: dict[str, Any], entries: list[dict[str, Any]]) -> list[Issue]:
    """FHIR bdl-9/bdl-10 and the document shape: identifier, timestamp, Composition first."""
    issues: list[Issue] = []
    identifier = bundle.get("identifier")
    if not (isinstance(identifier, dict) and identifier.get("system") and identifier.get("value")):
        message = "A document needs Bundle.identifier with system and value (FHIR bdl-9)."
        issues.append(error("required", message, "Bundle.identifier"))
    if not bundle.get("timestamp"):
        message = "A document needs Bundle.timestamp (FHIR bdl-10)."
        issues.append(error("required", message, "Bundle.timestamp"))
    first = entries[0].get("resource") if entries else None
    if not (isinstance(first, dict) and first.get("resourceType") == "Composition"):
        message = "A document's first entry must be its Composition."
        issues.append(error("structure", message, "Bundle.entry[0]"))
    elif composition_kind(first) is None:
        message = "The Composition.type is not a document kind we know; shown as a generic record."
        issues.append(warning("code-invalid", message, "Bundle.entry[0].resource.type"))
    return issues


def check_entries(bundle_type: str, entries: list[dict[str, Any]]) -> list[Issue]:
    issues: list[Issue] = []
    seen: Counter[str] = Counter()
    for index, entry in enumerate(entries):
        where = f"Bundle.entry[{index}]"
        issues.extend(_check_entry(bundle_type, entry, where))
        full_url = entry.get("fullUrl")
        if isinstance(full_url, str):
            seen[full_url] += 1
            if seen[full_url] == 2:
                message = "Two entries have the same fullUrl."
                issues.append(error("duplicate", message, f"{where}.fullUrl"))
    return issues


def _check_entry(bundle_type: str, entry: dict[str, Any], where: str) -> list[Issue]:
    issues: list[Issue] = []
    resource = entry.get("resource")
    if not isinstance(resource, dict):
        issues.append(error("required", "An entry has no resource.", where))
    elif resource.get("resourceType") in DEFINITIONAL_TYPES:
        message = "Conformance and knowledge resources are not accepted into a health record."
        issues.append(error("not-supported", message, f"{where}.resource"))
    full_url = entry.get("fullUrl")
    if full_url is None:
        message = "The entry has no fullUrl; references to it resolve only by type and id."
        issues.append(warning("incomplete", message, where))
    elif not isinstance(full_url, str) or not _ABSOLUTE.fullmatch(full_url):
        message = "fullUrl must be an absolute URL (urn:uuid:, urn:oid: or http(s)://)."
        issues.append(error("invalid", message, f"{where}.fullUrl"))
    elif "/_history/" in full_url:
        message = "fullUrl cannot be a version-specific reference (FHIR bdl-8)."
        issues.append(error("invalid", message, f"{where}.fullUrl"))
    if bundle_type == "transaction":
        issues.extend(_check_request(entry, where))
    return issues


def _check_request(entry: dict[str, Any], where: str) -> list[Issue]:
    request = entry.get("request")
    method = request.get("method") if isinstance(request, dict) else None
    if method in _TRANSACTION_METHODS:
        return []
    message = "A pushed transaction may only create or update (POST or PUT)."
    return [error("not-supported", message, f"{where}.request.method")]


def check_patients(entries: list[dict[str, Any]]) -> list[Issue]:
    """Exactly one Patient, or several that share an identifier (copies of one person)."""
    patients = [
        (index, entry["resource"])
        for index, entry in enumerate(entries)
        if isinstance(entry.get("resource"), dict)
        and entry["resource"].get("resourceType") == "Patient"
    ]
    if not patients:
        return [error("required", "There is no Patient in the Bundle.", "Bundle.entry")]
    if len(patients) == 1:
        return []
    shared = set.intersection(*(_identifiers(patient) for _, patient in patients))
    where = [f"Bundle.entry[{index}]" for index, _ in patients]
    if shared:
        message = "Several Patient entries share an identifier; read as one person."
        return [warning("duplicate", message, *where)]
    message = "The Bundle holds more than one Patient; a pushed Bundle is about one person."
    return [error("business-rule", message, *where)]


def _identifiers(patient: dict[str, Any]) -> set[tuple[str, str]]:
    identifiers = patient.get("identifier")
    if not isinstance(identifiers, list):
        return set()
    return {
        (str(item.get("system", "")), str(item["value"]))
        for item in identifiers
        if isinstance(item, dict) and item.get("value")
    }
