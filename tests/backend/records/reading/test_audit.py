"""Every read of the record is an audit event: who, whose, what, and why (the patient's own
request); a read of something that is not theirs is a refusal naming no patient."""

from __future__ import annotations

import uuid

import pytest

from audit.models import AuditEvent
from records.models import IndexEntry
from tests.backend.records.reading import builders as b

pytestmark = pytest.mark.django_db


def last_event(action: str) -> AuditEvent:
    event = AuditEvent.objects.filter(action=action).order_by("-seq").first()
    assert event is not None, f"no {action} event"
    return event


@pytest.mark.parametrize(
    ("path", "action", "object_type"),
    [
        ("/api/v1/me/timeline", "record.timeline.read", "timeline"),
        ("/api/v1/me/summary", "record.summary.read", "summary"),
        ("/api/v1/me/export/fhir", "record.export.fhir", "ips"),
        ("/api/v1/me/records/{id}", "record.read", "index_entry"),
    ],
)
def test_every_read_is_audited_as_the_patients_own_request(
    pushed, read, hospital_a, linked_alice, path, action, object_type
):
    pushed(hospital_a, b.record_set(b.observation()))
    entry = IndexEntry.objects.get()
    patient = linked_alice.patient
    assert read(patient, path.format(id=entry.id)).status_code == 200
    event = last_event(action)
    assert (event.actor_type, event.actor_id) == ("patient", str(patient.id))
    assert (event.patient_id, event.purpose, event.outcome) == (
        str(patient.id),
        "patient-request",
        "success",
    )
    assert event.object_type == object_type


def test_the_timeline_event_counts_what_was_returned(pushed, read, hospital_a, linked_alice):
    pushed(hospital_a, b.record_set(*[b.observation(value=i) for i in range(3)]))
    read(linked_alice.patient, "/api/v1/me/timeline", limit=2)
    assert last_event("record.timeline.read").detail == {"returned": 2, "page": "first"}


def test_a_read_of_someone_elses_record_is_a_refusal_naming_no_patient(
    pushed, read, hospital_a, linked_alice, linked_bob
):
    pushed(hospital_a, b.record_set(b.observation(), mrn=b.MRN_BOB_A))
    bobs = IndexEntry.objects.get()
    assert read(linked_alice.patient, f"/api/v1/me/records/{bobs.id}").status_code == 404
    event = last_event("record.read")
    assert (event.outcome, event.patient_id, event.actor_id) == (
        "denied",
        "",
        str(linked_alice.patient.id),
    )
    assert event.detail["reason"] == "not_found"


def test_audit_events_hold_no_health_data(pushed, read, hospital_a, linked_alice):
    pushed(hospital_a, b.record_set(b.condition((b.SNOMED, "38341003", "Hypertension"))))
    patient = linked_alice.patient
    entry = IndexEntry.objects.get()
    for path in ("timeline", "summary", "export/fhir", f"records/{entry.id}"):
        read(patient, f"/api/v1/me/{path}")
    for event in AuditEvent.objects.filter(action__startswith="record."):
        assert "38341003" not in str(event.detail) and "Hypertension" not in str(event.detail)


def test_a_missing_record_is_refused_like_someone_elses(read, linked_alice):
    missing = uuid.uuid4()
    assert read(linked_alice.patient, f"/api/v1/me/records/{missing}").status_code == 404
    assert last_event("record.read").object_id == str(missing)
