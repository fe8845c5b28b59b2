"""The IPS export: a valid IPS document built from the merged summary, with a Provenance per
entry naming its hospitals, that a hospital system could push back to us; and the collection
of chosen records that shared links carry."""

from __future__ import annotations

import copy
import uuid

import pytest
from fhir.resources.R4B.bundle import Bundle

from common.exceptions import NotFound
from records.exports.ips import ips_document, records_bundle
from records.models import Document, IndexEntry
from shared.fhir import validate_bundle
from tests.backend.records.reading import builders as b
from tests.hospital_personas import MRN_A

pytestmark = pytest.mark.django_db
EXPORT = "/api/v1/me/export/fhir"


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def by_url(bundle: dict) -> dict[str, dict]:
    return {e["fullUrl"]: e["resource"] for e in bundle["entry"]}


@pytest.fixture
def two_hospitals(pushed, hospital_a, hospital_b, alice_at_two):
    pushed(
        hospital_a,
        b.record_set(
            b.medication(b.METFORMIN_ATC, day="2024-01-01"),
            b.condition((b.SNOMED, "38341003", "Hypertension")),
            b.observation(),
        ),
    )
    pushed(
        hospital_b, b.record_set(b.medication(b.METFORMIN_ATC, day="2024-04-01"), mrn=b.MRN_ALICE_B)
    )
    return alice_at_two


def test_the_export_is_a_valid_ips_document(read, two_hospitals):
    response = read(two_hospitals, EXPORT, lang="ko")
    assert response.status_code == 200 and response["Content-Type"] == "application/fhir+json"
    bundle = response.json()
    assert validate_bundle(bundle).ok
    Bundle.model_validate(bundle)  # fhir.resources R4B, the structure check
    composition = bundle["entry"][0]["resource"]
    assert composition["resourceType"] == "Composition"
    assert composition["type"]["coding"][0]["code"] == "60591-5"
    assert bundle["type"] == "document" and bundle["identifier"]["value"].startswith("urn:uuid:")
    codes = [s["code"]["coding"][0]["code"] for s in composition["section"]]
    assert codes == ["11450-4", "48765-2", "10160-0", "30954-2"]
    allergies = composition["section"][1]
    assert (
        "entry" not in allergies and allergies["emptyReason"]["coding"][0]["code"] == "unavailable"
    )
    assert composition["section"][0]["title"] == "문제 목록"


def test_the_patient_comes_from_the_account_without_identifiers(read, two_hospitals):
    bundle = read(two_hospitals, EXPORT).json()
    [patient] = resources(bundle, "Patient")
    assert patient["name"] == [{"text": two_hospitals.name}]
    assert patient["birthDate"] == two_hospitals.birth_date.isoformat()
    assert "identifier" not in patient
    composition = bundle["entry"][0]["resource"]
    author = by_url(bundle)[composition["author"][0]["reference"]]
    assert author == {"resourceType": "Organization", "name": "PocketChart", "id": author["id"]}


def test_each_entry_has_a_provenance_naming_its_hospitals(
    read, two_hospitals, hospital_a, hospital_b
):
    bundle = read(two_hospitals, EXPORT, lang="en").json()
    urls = by_url(bundle)
    provenances = {p["target"][0]["reference"]: p for p in resources(bundle, "Provenance")}
    listed = [
        e["reference"]
        for s in bundle["entry"][0]["resource"]["section"]
        for e in s.get("entry", [])
    ]
    assert sorted(listed) == sorted(provenances)
    [medication_url] = [u for u in listed if urls[u]["resourceType"] == "MedicationStatement"]
    agents = provenances[medication_url]["agent"]
    named = [urls[a["who"]["reference"]]["identifier"][0]["value"] for a in agents]
    assert named == [
        hospital_b.organization.identifier_value,  # the newer record is the one exported
        hospital_a.organization.identifier_value,
    ]
    assert [a["type"]["coding"][0]["code"] for a in agents] == ["author", "informant"]


def test_subjects_point_at_the_exported_patient_and_nothing_dangles(read, two_hospitals):
    bundle = read(two_hospitals, EXPORT).json()
    [patient_url] = [
        e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    ]
    for kind in ("MedicationStatement", "Condition", "Observation"):
        for resource in resources(bundle, kind):
            assert resource["subject"] == {"reference": patient_url}
    assert validate_bundle(bundle).warnings == []  # not even an unresolved reference


def test_a_referenced_medication_is_exported_as_the_code_it_named(pushed, hospital_a, linked_alice):
    statement = b.medication(b.METFORMIN_ATC)
    del statement["medicationCodeableConcept"]
    medication_url = "urn:uuid:3b3f0a44-5d55-4d0e-9a6a-7a8f1b2c3d4e"
    statement["medicationReference"] = {"reference": medication_url}
    sent = b.record_set(statement)
    sent["entry"].append({"fullUrl": medication_url, "resource": {
        "resourceType": "Medication", "code": b.concept(b.METFORMIN_ATC)}})  # fmt: skip
    pushed(hospital_a, sent)
    [exported] = resources(
        ips_document(patient=linked_alice.patient, language="en"), "MedicationStatement"
    )
    assert "medicationReference" not in exported
    assert exported["medicationCodeableConcept"]["coding"][0]["code"] == "A10BA02"


def test_the_exported_ips_is_accepted_back_through_the_hospital_api(
    pushed, read, hospital_a, two_hospitals
):
    bundle = read(two_hospitals, EXPORT).json()
    back = copy.deepcopy(bundle)
    [patient] = resources(back, "Patient")
    patient["identifier"] = [{"system": MRN_A[0], "value": MRN_A[1]}]  # as the hospital knows her
    response = pushed(hospital_a, back)
    status = hospital_a.fhir.get(response["Content-Location"]).json()
    assert status["status"] == "stored" and status["issues"] == []
    document = Document.objects.get(id=status["document"]["id"])
    assert document.kind == "ips"
    stored = IndexEntry.objects.filter(document=document).exclude(resource_type="Composition")
    assert sorted(e.resource_type for e in stored) == [
        "Condition", "MedicationStatement", "Observation",
    ]  # fmt: skip


def test_entry_ids_restrict_the_ips_to_chosen_entries(two_hospitals):
    chosen = IndexEntry.objects.get(resource_type="Condition")
    bundle = ips_document(patient=two_hospitals, language="en", entry_ids=[chosen.id])
    assert [r["resourceType"] for r in resources(bundle, "Condition")] == ["Condition"]
    assert resources(bundle, "MedicationStatement") == resources(bundle, "Observation") == []


def test_records_bundle_holds_exactly_the_chosen_records_and_the_patient(two_hospitals):
    chosen = list(IndexEntry.objects.filter(resource_type__in=["Observation", "Condition"]))
    bundle = records_bundle(patient=two_hospitals, entry_ids=[e.id for e in chosen])
    assert bundle["type"] == "collection" and validate_bundle(bundle).ok
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds == ["Patient", *[e.resource_type for e in chosen]]


def test_records_bundle_refuses_an_id_that_is_not_the_patients(two_hospitals, linked_bob):
    theirs = IndexEntry.objects.filter(patient=two_hospitals).first()
    assert theirs is not None
    with pytest.raises(NotFound):
        records_bundle(patient=linked_bob, entry_ids=[theirs.id])
    with pytest.raises(NotFound):
        records_bundle(patient=two_hospitals, entry_ids=[theirs.id, uuid.uuid4()])


def test_an_empty_record_still_exports_the_required_sections(read, linked_alice):
    bundle = read(linked_alice.patient, EXPORT, lang="th").json()
    sections = bundle["entry"][0]["resource"]["section"]
    assert [s["code"]["coding"][0]["code"] for s in sections] == ["11450-4", "48765-2", "10160-0"]
    assert all("emptyReason" in s and "ไม่มีข้อมูล" in s["text"]["div"] for s in sections)
