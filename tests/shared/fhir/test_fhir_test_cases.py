"""The FHIR validator's own test cases: what it refuses, we refuse; what it accepts, we accept.

Cases marked with a terminology module (``tx``, ``tx-advanced``) need a terminology server and
are left out. Each refused case names the issue code we expect among the errors, so a case is
not "refused" by accident (say, only because the wrapper left a reference dangling).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from shared.fhir.jsonsafe import JsonInputError, load_json
from shared.fhir.validate import validate_bundle

from .cases import BODY_LIMIT, LIVE, LOCAL, as_bundle, live_dir

# The code of the error each known case must produce ("json" = refused by load_json).
EXPECTED_CODE = {
    "attachment-with-invalid-binary": "value",
    "attachment-tx": "value",
    "bad-json-close": "json",
    "bad-json-close-2": "json",
    "bad-json-close-3": "json",
    "json-comments-1-no": "json",
    "json-comments-2-no": "json",
    "json-comma-bad-1": "json",
    "json-comma-bad-2": "json",
    "json-no-quotes-2": "json",
    "comments-4": "structure",
    "resource-invalid-eid-2": "json",
    "bundle-duplicate-id": "invalid",
    "mni-patientOverview-bundle-example1": "invalid",
    "bundle-document-versioned-references-bad": "duplicate",
    "bundle-sig-2": "not-supported",
    "bundle-with-contained": "not-supported",
    "signatures-example-2": "security",
    "ips-htmlrefs-backwards": "structure",
    "capstmt": "not-supported",
    "sp-composite": "not-supported",
    "sp-diff-base": "not-supported",
    "sp-diff-type": "not-supported",
    "obs-unit-profile": "not-supported",
    "mr-covid-m": "not-supported",
    "mr-covid-m3": "not-supported",
    "mr-covid-bnd1": "not-supported",
    "bundle-ea-testcase": "not-supported",
    "ai7": "required",
    "ai8": "required",
    "obs-quantity-us": "required",
    "patient-id-bad-2 / R4": "value",
    "patient-id-bad-3 / R4": "too-long",
    "resource-invalid-id-1": "value",
    "resource-invalid-id-2": "too-long",
    "contained-resource-bad-id": "too-long",
    "risk-assessment-probability-range": "invariant",
    "questionnaire-enableWhen-dw": "invariant",
    "obs-temp-bad": "invariant",
    "qr-bad-ref2": "value",
    "bad-markdown-no-html": "security",
    "nested-questionnaire-nested-valueset": "business-rule",
}
# Refused by the Java validator, accepted by us on purpose (POLICY.md says why).
ACCEPTED_ON_PURPOSE = {
    "target-ref-profile-empty": "its errors are unknown extensions, which we keep unchecked",
}


def cases(root: Path) -> list[Any]:
    with (root / "INDEX.tsv").open(encoding="utf-8") as index:
        rows = list(csv.DictReader(index, delimiter="\t"))
    return [
        pytest.param(root / row["file"], row["name"], id=row["name"])
        for row in rows
        if not row["module"].startswith("tx") and (root / row["file"]).is_file()
    ]


def outcome(path: Path) -> tuple[bool, set[str]]:
    """(accepted, error codes) for one case file, single resources wrapped in a Bundle."""
    try:
        data = load_json(path.read_bytes(), max_bytes=BODY_LIMIT)
    except JsonInputError:
        return False, {"json"}
    result = validate_bundle(as_bundle(data))
    return result.ok, {issue.code for issue in result.errors}


def check(path: Path, name: str) -> None:
    accepted, codes = outcome(path)
    if path.parent.name == "expect-valid" or name in ACCEPTED_ON_PURPOSE:
        assert accepted, f"{name} should be accepted, got {codes}"
    else:
        assert not accepted, f"{name} should be refused"
        if name in EXPECTED_CODE:
            assert EXPECTED_CODE[name] in codes, (
                f"{name}: expected {EXPECTED_CODE[name]}, got {codes}"
            )


@pytest.mark.parametrize(("path", "name"), cases(LOCAL / "fhir-test-cases"))
def test_copied_validator_cases_are_refused_or_accepted_like_the_validator(path, name):
    check(path, name)


def live_cases() -> list[Any]:
    root = LIVE / "invalid-fhir" / "fhir-test-cases"
    if not (root / "INDEX.tsv").is_file():
        return [pytest.param(None, None, id="absent")]
    return cases(root)


@pytest.mark.parametrize(("path", "name"), live_cases())
def test_every_shared_validator_case_outside_terminology_is_classified(path, name):
    live_dir("invalid-fhir", "fhir-test-cases")
    check(path, name)
