"""Hiding: the patient keeps an entry out of their own views and exports, and can undo it;
both are audited, and nobody can hide what is not theirs."""

from __future__ import annotations

import uuid

import pytest

from audit.models import AuditEvent
from records.exports.ips import ips_document
from records.models import IndexEntry
from tests.backend.records.reading import builders as b

pytestmark = pytest.mark.django_db


def medications_in(bundle: dict) -> list[dict]:
    return [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "MedicationStatement"
    ]


def test_hiding_and_unhiding_are_audited(pushed, api, hospital_a, linked_alice):
    pushed(hospital_a, b.record_set(b.medication(b.METFORMIN_ATC)))
    entry = IndexEntry.objects.get()
    client = api(linked_alice.patient)
    hidden = client.post(f"/api/v1/me/records/{entry.id}/hide")
    assert hidden.status_code == 200 and hidden.json() == {"id": str(entry.id), "hidden": True}
    assert IndexEntry.objects.get().hidden is True
    assert client.post(f"/api/v1/me/records/{entry.id}/unhide").json()["hidden"] is False
    events = AuditEvent.objects.filter(
        object_id=str(entry.id), action__in=["record.hide", "record.unhide"]
    )
    assert [(e.action, e.purpose, e.detail["changed"]) for e in events.order_by("seq")] == [
        ("record.hide", "patient-request", True),
        ("record.unhide", "patient-request", True),
    ]
    assert {e.patient_id for e in events} == {str(linked_alice.patient_id)}


def test_hiding_twice_changes_nothing_the_second_time(pushed, api, hospital_a, linked_alice):
    pushed(hospital_a, b.record_set(b.medication(b.METFORMIN_ATC)))
    entry = IndexEntry.objects.get()
    client = api(linked_alice.patient)
    client.post(f"/api/v1/me/records/{entry.id}/hide")
    assert client.post(f"/api/v1/me/records/{entry.id}/hide").status_code == 200
    last = AuditEvent.objects.filter(action="record.hide").order_by("-seq").first()
    assert last is not None and last.detail["changed"] is False


def test_nobody_hides_what_is_not_theirs(pushed, api, hospital_a, linked_alice, linked_bob):
    pushed(hospital_a, b.record_set(b.observation(), mrn=b.MRN_BOB_A))
    bobs = IndexEntry.objects.get()
    client = api(linked_alice.patient)
    assert client.post(f"/api/v1/me/records/{bobs.id}/hide").status_code == 404
    assert client.post(f"/api/v1/me/records/{uuid.uuid4()}/hide").status_code == 404
    assert IndexEntry.objects.get().hidden is False
    refusal = AuditEvent.objects.get(action="record.hide", object_id=str(bobs.id))
    assert refusal.outcome == "denied" and refusal.patient_id == ""


def test_hidden_entries_are_left_out_of_the_ips_export_unless_included(
    pushed, read, hospital_a, linked_alice
):
    pushed(hospital_a, b.record_set(b.medication(b.METFORMIN_ATC)))
    IndexEntry.objects.update(hidden=True)
    patient = linked_alice.patient
    assert medications_in(ips_document(patient=patient, language="en")) == []
    assert (
        len(medications_in(ips_document(patient=patient, language="en", include_hidden=True))) == 1
    )
    exported = read(patient, "/api/v1/me/export/fhir").json()
    assert medications_in(exported) == []
    included = read(patient, "/api/v1/me/export/fhir", include="hidden").json()
    assert len(medications_in(included)) == 1


def test_a_hidden_entry_stays_hidden_in_a_new_version(pushed, api, hospital_a, linked_alice):
    pushed(hospital_a, b.record_set(b.medication(b.METFORMIN_ATC)))
    entry = IndexEntry.objects.get()
    api(linked_alice.patient).post(f"/api/v1/me/records/{entry.id}/hide")
    # The hospital re-sends the set with one more entry: a new version, rebuilt index rows.
    pushed(hospital_a, b.record_set(b.medication(b.METFORMIN_ATC), b.observation()))
    rows = {row.resource_type: row.hidden for row in IndexEntry.objects.all()}
    assert rows == {"MedicationStatement": True, "Observation": False}
