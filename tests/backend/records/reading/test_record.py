"""One record: the resource as the hospital sent it, its document, source and versions, and
the same 404 for an id that does not exist and one that is someone else's."""

from __future__ import annotations

import json
import uuid

import pytest

from records.models import IndexEntry
from tests.backend.records.reading import builders as b

pytestmark = pytest.mark.django_db


def record_path(entry_id) -> str:
    return f"/api/v1/me/records/{entry_id}"


def test_the_record_is_the_original_resource_with_its_document_and_source(
    pushed, read, hospital_a, linked_alice
):
    sent = b.record_set(b.medication(b.METFORMIN_ATC))
    pushed(hospital_a, sent)
    entry = IndexEntry.objects.get(resource_type="MedicationStatement")
    response = read(linked_alice.patient, record_path(entry.id), lang="en")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["resource"] == sent["entry"][1]["resource"]
    assert body["source"]["id"] == str(hospital_a.organization.id)
    assert body["document"]["id"] == str(entry.document_id)
    assert [v["number"] for v in body["document"]["versions"]] == [1]
    assert (body["version"], body["section"], body["display"]) == (1, "medications", "metformin")
    assert body["coded"]["codings"] == [
        {"system": b.ATC, "code": "A10BA02", "display": "metformin"}
    ]


def test_the_resource_is_served_as_the_stored_bytes(pushed, read, hospital_a, linked_alice):
    from records.selectors.presenting import Sealed

    pushed(hospital_a, b.record_set(b.observation(value=6.25)))
    entry = IndexEntry.objects.get()
    stored = Sealed(entry.patient_id).open(entry.id, "resource", entry.resource)
    content = read(linked_alice.patient, record_path(entry.id)).content
    assert content.endswith(b',"resource":' + stored + b"}")


def test_an_earlier_version_can_be_read(pushed, read, hospital_a, linked_alice):
    pushed(hospital_a, b.record_set(b.observation(value=7.9)))
    pushed(hospital_a, b.record_set(b.observation(value=7.1)))
    entry = IndexEntry.objects.get()
    patient = linked_alice.patient
    now = read(patient, record_path(entry.id)).json()
    before = read(patient, record_path(entry.id), version=1).json()
    assert now["resource"]["valueQuantity"]["value"] == 7.1 and now["version"] == 2
    assert before["resource"]["valueQuantity"]["value"] == 7.9 and before["version"] == 1
    assert [v["number"] for v in before["document"]["versions"]] == [1, 2]
    assert read(patient, record_path(entry.id), version=3).status_code == 404


def test_a_version_without_the_resource_is_a_404(pushed, read, hospital_a, linked_alice):
    pushed(hospital_a, b.record_set(b.medication(b.METFORMIN_ATC)))
    pushed(hospital_a, b.record_set(b.medication(b.METFORMIN_ATC), b.observation()))
    entry = IndexEntry.objects.get(resource_type="Observation")
    assert read(linked_alice.patient, record_path(entry.id), version=1).status_code == 404


def test_another_patients_record_and_a_missing_one_are_the_same_404(
    pushed, read, hospital_a, linked_alice, linked_bob
):
    pushed(hospital_a, b.record_set(b.observation(), mrn=b.MRN_BOB_A))
    bobs = IndexEntry.objects.get(patient=linked_bob)
    theirs = read(linked_alice.patient, record_path(bobs.id))
    missing = read(linked_alice.patient, record_path(uuid.uuid4()))
    assert theirs.status_code == missing.status_code == 404
    assert json.loads(theirs.content) == json.loads(missing.content)
    assert read(linked_bob, record_path(bobs.id)).status_code == 200


def test_a_malformed_version_is_a_400(pushed, read, hospital_a, linked_alice):
    pushed(hospital_a, b.record_set(b.observation()))
    entry = IndexEntry.objects.get()
    response = read(linked_alice.patient, record_path(entry.id), version="first")
    assert response.status_code == 400 and "version" in response.json()["error"]["fields"]
