"""Real Bundles (tests/fixtures/fhir, copied from ../shared/fixtures) through the endpoint,
accepted or refused as shared/fhir/POLICY.md says."""

from __future__ import annotations

import json

import pytest

from records.models import Document, IndexEntry, Submission
from tests.backend.records import bundles

pytestmark = pytest.mark.django_db

ACCEPTED = [
    ("ips/hl7-fhir-ips/IPS-bundle-01.json", "ips"),
    ("ips/hl7-fhir-ips/bundle-minimal.json", "ips"),
    # An immunization summary (LOINC 82593-5), a kind added to the table as real data showed it.
    ("ips/ipsviewer/connectathon_samples/TW_Li-Hui_Lee_01-modified.json", "immunization-summary"),
    (
        "ips/ipsviewer/connectathon_samples/US_ePatientDave_medRequests_original_noNarrative.json",
        "ips",
    ),
    ("synthea/bundle_urn_ref.json", "record-set"),
]
REFUSED = [
    ("ips/hl7-fhir-ips/composition-minimal.json", "must be a Bundle"),
    ("ips/ipsviewer/connectathon_samples/AR_Repository_Example_01.json", "timestamp"),
    ("ips/ipsviewer/connectathon_samples/HK_IPS_Sample_with_medication.json", "Extra inputs"),
    ("ips/ipsviewer/validated_samples/DE_no_info_with_Advance_Directive.json", "Patient"),
]


@pytest.mark.parametrize(("path", "kind"), ACCEPTED)
def test_policy_conformant_fixtures_are_accepted_and_indexed(
    push, hospital_a, linked_alice, path, kind
):
    response = push(hospital_a, bundles.for_alice(bundles.fixture(path)))
    assert response.status_code == 202, response.content[:800]
    document = Document.objects.get()
    assert document.kind == kind
    assert Submission.objects.get().status == "stored"
    assert IndexEntry.objects.filter(document=document).exists()


@pytest.mark.parametrize(("path", "reason"), REFUSED)
def test_fixtures_the_policy_refuses_are_refused_with_the_reason(
    push, hospital_a, linked_alice, path, reason
):
    response = push(hospital_a, bundles.for_alice(bundles.fixture(path)))
    assert response.status_code == 422
    texts = " ".join(issue.get("diagnostics", "") for issue in response.json()["issue"])
    assert reason in texts
    assert not Submission.objects.exists()


def test_the_ips_example_files_its_entries_under_ips_sections(push, hospital_a, linked_alice):
    push(hospital_a, bundles.for_alice(bundles.fixture(ACCEPTED[0][0])))
    sections = set(IndexEntry.objects.values_list("section", flat=True))
    assert {"problems", "allergies", "medications"} <= sections
    types = set(IndexEntry.objects.values_list("resource_type", flat=True))
    assert "Patient" not in types and "Composition" in types


def test_a_shared_synthea_history_is_accepted_and_indexed_when_present(
    push, hospital_a, linked_alice
):
    folder = bundles.SHARED_FIXTURES / "synthea" / "fhir-data-pipes-hiv"
    files = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_size) if folder.exists() else []
    if not files:
        pytest.skip("../shared/fixtures is not present")
    bundle = json.loads(files[0].read_text("utf-8"))
    response = push(hospital_a, bundles.for_alice(bundle))
    assert response.status_code == 202, response.content[:500]
    assert response.json()["issues"]  # its conditional references come back as warnings
    indexed = IndexEntry.objects.count()
    assert 0 < indexed < len(bundle["entry"])  # Patient, Organization, claims are not records
    assert IndexEntry.objects.filter(resource_type="Encounter").exists()


def test_a_searchset_from_the_shared_fixtures_is_refused(push, hospital_a, linked_alice):
    path = (
        bundles.SHARED_FIXTURES / "synthea" / "fhir-data-pipes-small" / "bundle_relative_ref.json"
    )
    if not path.exists():
        pytest.skip("../shared/fixtures is not present")
    response = push(hospital_a, bundles.for_alice(json.loads(path.read_text("utf-8"))))
    assert response.status_code == 422
    assert response.json()["issue"][0]["expression"] == ["Bundle.type"]
