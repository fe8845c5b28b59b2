"""Checks an export passes before anyone receives it: FHIR structure (fhir.resources R4B),
the Bundle rules we hold pushed documents to (shared.fhir.validate_bundle), and for the IPS
the document rules fhir.resources does not check (IPS 2.0, STANDARDS.md)."""

from __future__ import annotations

import logging
from typing import Any

from shared.fhir import validate_bundle

logger = logging.getLogger("pocketchart.records")

IPS_LOINC = "60591-5"
LOINC = "http://loinc.org"


class ExportInvalid(Exception):
    """We built something invalid: a bug to fix, never a document to hand out."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def checked(bundle: dict[str, Any], *, required_sections: tuple[str, ...] = ()) -> dict[str, Any]:
    result = validate_bundle(bundle)
    problems = [f"{i.code} at {', '.join(i.expression)}" for i in result.errors]
    if bundle.get("type") == "document":
        problems += ips_problems(bundle, required_sections)
    if problems:
        # Locations and rule codes only: an issue's text could quote a record.
        logger.error("export failed its checks: %s", "; ".join(problems[:20]))
        raise ExportInvalid(problems)
    return bundle


def ips_problems(bundle: dict[str, Any], required: tuple[str, ...]) -> list[str]:
    entries = [e.get("resource", {}) for e in bundle.get("entry", [])]
    composition = entries[0] if entries else {}
    problems: list[str] = []
    if _loinc(composition.get("type")) != [IPS_LOINC]:
        problems.append("Composition.type is not 60591-5")
    if sum(1 for r in entries if r.get("resourceType") == "Patient") != 1:
        problems.append("not exactly one Patient")
    for key in ("subject", "date", "author", "title"):
        if not composition.get(key):
            problems.append(f"Composition.{key} missing")
    sections = {code: s for s in composition.get("section", []) for code in _loinc(s.get("code"))}
    for code in required:
        section = sections.get(code)
        if section is None or not (section.get("entry") or section.get("emptyReason")):
            problems.append(f"required section {code} has neither entries nor emptyReason")
    for code, section in sections.items():
        if not (section.get("title") and section.get("text")):
            problems.append(f"section {code} lacks title or narrative")
    return problems + _provenance_problems(bundle, sections.values())


def _provenance_problems(bundle: dict[str, Any], sections: Any) -> list[str]:
    targets = {
        target.get("reference")
        for e in bundle.get("entry", [])
        if e.get("resource", {}).get("resourceType") == "Provenance"
        for target in e["resource"].get("target", [])
    }
    listed = {ref.get("reference") for s in sections for ref in s.get("entry", [])}
    return [f"entry {ref} has no Provenance" for ref in sorted(listed - targets)]


def _loinc(concept: Any) -> list[str]:
    codings = concept.get("coding", []) if isinstance(concept, dict) else []
    return [c.get("code") for c in codings if c.get("system") == LOINC]
