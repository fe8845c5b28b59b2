"""Validation of a pushed Bundle: structure (fhir.resources R4B) plus PocketChart's rules.

Every check reports ``Issue``s with a FHIRPath-like expression and never the input value.
Errors refuse the Bundle; warnings are stored with it and shown to the sender. What is refused
and what is only warned about, and why, is in POLICY.md; in short:

- Bundle.type: document, collection and transaction are accepted; searchset, history, batch,
  message and responses are refused (not records of one patient).
- A document needs identifier (system and value) and timestamp (FHIR bdl-9, bdl-10): a missing
  identifier is an error because re-push idempotency and versioning key on it.
- Exactly one Patient; several are accepted (warning) only when they share an identifier.
- References must resolve inside the Bundle or be plainly external (warning); a reference to a
  Patient outside the Bundle is an error.
- Structure problems confined to ``meta`` or the narrative (``text``) are warnings: we neither
  use nor display them (the app renders structured data). Elsewhere they are errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .elements import ReferenceSite, scan_resource
from .invariants import check_invariants
from .outcome import Issue, error, operation_outcome
from .references import BundleIndex, check_references
from .rules import check_bundle_type, check_document, check_entries, check_patients
from .signature import check_signature
from .structure import validate_resource

MAX_ISSUES = 200  # per severity: a hostile Bundle must not produce a megabyte of outcome


@dataclass
class ValidationResult:
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, issues: list[Issue]) -> None:
        for issue in issues:
            (self.errors if issue.severity in ("error", "fatal") else self.warnings).append(issue)

    def outcome(self) -> dict[str, Any]:
        """The OperationOutcome to answer with (errors first)."""
        return operation_outcome([*self.errors, *self.warnings])


def validate_bundle(data: Any) -> ValidationResult:
    """Validate a parsed JSON value as a Bundle pushed to PocketChart."""
    result = ValidationResult()
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        result.add([error("invalid", "The resource must be a Bundle.", "Bundle.resourceType")])
        return result
    entries = _entries(data, result)
    bundle_type = str(data.get("type", ""))
    result.add(check_bundle_type(data))
    result.add(_bundle_shell(data))
    if bundle_type == "document":
        result.add(check_document(data, entries))
    result.add(check_entries(bundle_type, entries))
    result.add(check_patients(entries))
    result.add(_check_resources(entries, document=bundle_type == "document"))
    result.add(check_signature(data))
    return _capped(result)


def _entries(bundle: dict[str, Any], result: ValidationResult) -> list[dict[str, Any]]:
    entries = bundle.get("entry", [])
    if not isinstance(entries, list):
        result.add([error("structure", "Bundle.entry must be an array.", "Bundle.entry")])
        return []
    if any(not isinstance(entry, dict) for entry in entries):
        result.add([error("structure", "Every Bundle.entry must be an object.", "Bundle.entry")])
    return [entry if isinstance(entry, dict) else {} for entry in entries]


def _bundle_shell(bundle: dict[str, Any]) -> list[Issue]:
    """The Bundle without its entries' resources (they are validated one by one)."""
    shell = dict(bundle)
    entries = bundle.get("entry")
    if isinstance(entries, list):
        shell["entry"] = [
            {k: v for k, v in e.items() if k != "resource"} if isinstance(e, dict) else e
            for e in entries
        ]
    return _soften(validate_resource(shell, "Bundle"))


def _check_resources(entries: list[dict[str, Any]], *, document: bool) -> list[Issue]:
    issues: list[Issue] = []
    sites: list[tuple[int, ReferenceSite]] = []
    for index, entry in enumerate(entries):
        resource = entry.get("resource")
        if not isinstance(resource, dict):
            continue
        path = f"Bundle.entry[{index}].resource"
        issues.extend(_soften(validate_resource(resource, path)))
        scan = scan_resource(resource, path)
        issues.extend(scan.issues)
        issues.extend(check_invariants(resource, path))
        sites.extend((index, site) for site in scan.references)
    reference_errors, reference_warnings = check_references(
        BundleIndex.of(entries), sites, document=document
    )
    return [*issues, *reference_errors, *reference_warnings]


def _soften(issues: list[Issue]) -> list[Issue]:
    """Structure problems inside ``meta`` or the narrative become warnings (POLICY.md)."""
    return [_warning_if_cosmetic(issue) for issue in issues]


def _warning_if_cosmetic(issue: Issue) -> Issue:
    where = issue.expression[0] if issue.expression else ""
    tail = where.split(".resource", 1)[-1]
    cosmetic = any(f".{name}." in f"{tail}." for name in ("meta", "text"))
    if not cosmetic or issue.severity != "error":
        return issue
    return Issue("warning", issue.code, issue.diagnostics, list(issue.expression))


def _capped(result: ValidationResult) -> ValidationResult:
    for issues in (result.errors, result.warnings):
        if len(issues) > MAX_ISSUES:
            hidden = len(issues) - MAX_ISSUES
            severity = issues[0].severity
            del issues[MAX_ISSUES:]
            message = f"{hidden} more issues of this severity are not listed."
            issues.append(Issue(severity, "too-costly", message, []))
    return result
