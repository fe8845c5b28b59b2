"""FHIR R4 OperationOutcome building.

Hospital-facing endpoints answer errors as OperationOutcome (STYLE.md). ``Issue`` is the one
shape every check in this package reports, so the server can turn any result into an outcome
without translation. Diagnostics are written by us and never carry input values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["fatal", "error", "warning", "information"]

# http://hl7.org/fhir/R4/valueset-issue-type.html (the codes this project may emit).
ISSUE_TYPES = frozenset(
    {
        "invalid",
        "structure",
        "required",
        "value",
        "invariant",
        "security",
        "login",
        "unknown",
        "expired",
        "forbidden",
        "suppressed",
        "processing",
        "not-supported",
        "duplicate",
        "multiple-matches",
        "not-found",
        "deleted",
        "too-long",
        "code-invalid",
        "extension",
        "too-costly",
        "business-rule",
        "conflict",
        "transient",
        "lock-error",
        "no-store",
        "exception",
        "timeout",
        "incomplete",
        "throttled",
        "informational",
    }
)
SEVERITIES = frozenset({"fatal", "error", "warning", "information"})


@dataclass(frozen=True)
class Issue:
    """One finding. ``expression`` holds FHIRPath-like locations such as ``Bundle.entry[3]``."""

    severity: Severity
    code: str
    diagnostics: str
    expression: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # A typo here would produce an outcome other systems refuse: fail at the source instead.
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")
        if self.code not in ISSUE_TYPES:
            raise ValueError(f"unknown IssueType code {self.code!r}")

    def as_fhir(self) -> dict[str, Any]:
        issue: dict[str, Any] = {"severity": self.severity, "code": self.code}
        if self.diagnostics:
            issue["diagnostics"] = self.diagnostics
        if self.expression:
            issue["expression"] = list(self.expression)
        return issue


def error(code: str, diagnostics: str, *expression: str) -> Issue:
    return Issue("error", code, diagnostics, list(expression))


def warning(code: str, diagnostics: str, *expression: str) -> Issue:
    return Issue("warning", code, diagnostics, list(expression))


def operation_outcome(issues: Iterable[Issue]) -> dict[str, Any]:
    """Return an OperationOutcome dict; an empty list becomes one 'informational' issue.

    FHIR requires at least one issue (OperationOutcome.issue is 1..*).
    """
    listed = [issue.as_fhir() for issue in issues]
    if not listed:
        listed = [{"severity": "information", "code": "informational", "diagnostics": "All OK"}]
    return {"resourceType": "OperationOutcome", "issue": listed}
