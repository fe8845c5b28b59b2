import subprocess
import sys

import pytest

from shared.fhir import kinds
from shared.fhir.outcome import Issue, operation_outcome

from .cases import REPO


@pytest.mark.parametrize(
    ("code", "key", "korean"),
    [
        ("60591-5", "ips", "환자요약"),
        ("57133-1", "referral", "진료의뢰서"),
        ("34133-9", "record-summary", "진료기록요약지"),
        ("11488-4", "return-letter", "진료회송서"),
        ("18748-4", "radiology-report", "영상의학판독소견서"),
        ("18842-5", "discharge-summary", "퇴원요약지"),
    ],
)
def test_document_kinds_come_from_the_data_file(code, key, korean):
    kind = kinds.document_kind(code)
    assert kind is not None and (kind.key, kind.name("ko")) == (key, korean)


def test_a_composition_kind_needs_a_loinc_system():
    composition = {"type": {"coding": [{"system": "http://loinc.org", "code": "60591-5"}]}}
    assert kinds.composition_kind(composition).key == "ips"
    composition["type"]["coding"][0]["system"] = "http://snomed.info/sct"
    assert kinds.composition_kind(composition) is None


def test_ips_sections_and_resource_fallbacks_are_mapped():
    section = {"code": {"coding": [{"system": "http://loinc.org", "code": "48765-2"}]}}
    assert kinds.section_key(section) == "allergies"
    lab = {"resourceType": "Observation", "category": [{"coding": [{"code": "laboratory"}]}]}
    vitals = {"resourceType": "Observation", "category": [{"coding": [{"code": "vital-signs"}]}]}
    assert kinds.section_for_resource(lab) == "results"
    assert kinds.section_for_resource(vitals) == "vital-signs"
    assert kinds.section_for_resource({"resourceType": "MedicationRequest"}) == "medications"
    assert kinds.section_for_resource({"resourceType": "Patient"}) is None


def test_operation_outcome_lists_issues_and_is_never_empty():
    issue = Issue("error", "required", "There is no Patient in the Bundle.", ["Bundle.entry"])
    assert operation_outcome([issue])["issue"] == [
        {
            "severity": "error",
            "code": "required",
            "diagnostics": "There is no Patient in the Bundle.",
            "expression": ["Bundle.entry"],
        }
    ]
    assert operation_outcome([])["issue"][0]["code"] == "informational"


def test_issue_codes_outside_the_fhir_issue_type_value_set_are_a_programming_error():
    with pytest.raises(ValueError):
        Issue("error", "bad-code", "x")


def test_the_shared_fhir_package_imports_neither_django_nor_kivy():
    probe = (
        "import sys, shared.fhir; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'kivy'}))"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "[]"
