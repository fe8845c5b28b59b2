"""Correction requests: the patient asks, the source hospital sees a FHIR Task and closes it."""

from __future__ import annotations

import json

from audit.models import AuditEvent
from corrections.models import CorrectionRequest
from tests.backend.records import bundles

TEXT = "The onset was 2018, not 2019; I was diagnosed in Busan."


def json_patch(hospital, task_id, operations):
    return hospital.fhir.patch(
        f"/fhir/R4/Task/{task_id}",
        json.dumps(operations),
        content_type="application/json-patch+json",
    )


def file(client, entry, text=TEXT):
    return client.post(f"/api/v1/me/records/{entry.id}/corrections", {"text": text}, format="json")


def test_a_request_becomes_a_task_for_the_source_hospital(
    api, alice, condition, linked_alice, writer
):
    response = file(api(alice), condition)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "requested" and body["text"] == TEXT
    search = writer.fhir.get("/fhir/R4/Task", {"status": "requested"})
    assert search.status_code == 200 and search["Content-Type"] == "application/fhir+json"
    bundle = search.json()
    assert bundle["type"] == "searchset" and bundle["total"] == 1
    task = bundle["entry"][0]["resource"]
    assert task["resourceType"] == "Task" and task["id"] == body["id"]
    assert task["for"] == {"reference": f"Patient/{linked_alice.id}"}
    assert task["input"][0]["valueString"] == TEXT
    assert task["code"]["coding"][0]["code"] == "change"
    assert task["focus"]["type"] == "Condition"
    assert task["focus"]["reference"]


def test_the_focus_is_the_resource_as_the_hospital_sent_it(
    api, alice, linked_alice, hospital_a, push
):
    resource = bundles.condition("PATIENT")
    resource["id"] = "cond-778"
    assert push(hospital_a, bundles.collection(resource, identifier="set-9")).status_code == 202
    entry = alice.index_entries.get(resource_type="Condition")
    row_id = file(api(alice), entry).json()["id"]
    task = hospital_a.fhir.get(f"/fhir/R4/Task/{row_id}").json()
    assert task["focus"]["reference"] == "Condition/cond-778"
    assert task["focus"]["identifier"] == {
        "system": "http://hospital-a.example/bundles",
        "value": "set-9",
    }


def test_another_hospital_sees_none_of_them(api, alice, condition, hospital_b):
    row_id = file(api(alice), condition).json()["id"]
    assert hospital_b.fhir.get("/fhir/R4/Task").json()["total"] == 0
    assert hospital_b.fhir.get(f"/fhir/R4/Task/{row_id}").status_code == 404
    refused = AuditEvent.objects.filter(action="correction.task.read", outcome="denied")
    assert refused.count() == 1


def test_another_patient_gets_404_for_alice_s_record(api, bob, condition):
    assert file(api(bob), condition).status_code == 404
    assert CorrectionRequest.objects.count() == 0


def test_the_hospital_closes_it_and_the_patient_sees_the_outcome(api, alice, condition, writer):
    client = api(alice)
    row_id = file(client, condition).json()["id"]
    patch = [
        {"op": "replace", "path": "/status", "value": "completed"},
        {"op": "add", "path": "/note", "value": [{"text": "Corrected in version 2."}]},
    ]
    response = json_patch(writer, row_id, patch)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "completed"
    [mine] = client.get("/api/v1/me/corrections").json()["results"]
    assert mine["status"] == "completed" and mine["reply"] == "Corrected in version 2."
    assert writer.fhir.get("/fhir/R4/Task", {"status": "requested"}).json()["total"] == 0
    reopen = writer.fhir.put(
        f"/fhir/R4/Task/{row_id}", {"resourceType": "Task", "id": row_id, "status": "rejected"},
        format="json",
    )  # fmt: skip
    assert reopen.status_code == 409


def test_a_put_task_rejects_with_a_reason(api, alice, condition, writer):
    row_id = file(api(alice), condition).json()["id"]
    body = {"resourceType": "Task", "id": row_id, "status": "rejected",
            "statusReason": {"text": "The record is correct as sent."}}  # fmt: skip
    response = writer.fhir.put(f"/fhir/R4/Task/{row_id}", body, format="json")
    assert response.status_code == 200 and response.json()["note"][0]["text"].startswith("The")


def test_closing_needs_the_update_scope(api, alice, condition, hospital_a):
    row_id = file(api(alice), condition).json()["id"]
    patch = [{"op": "replace", "path": "/status", "value": "completed"}]
    response = json_patch(hospital_a, row_id, patch)
    assert response.status_code == 403
    assert CorrectionRequest.objects.get(id=row_id).status == "requested"


def test_only_status_and_note_can_change(api, alice, condition, writer):
    row_id = file(api(alice), condition).json()["id"]
    patch = [{"op": "replace", "path": "/for", "value": {"reference": "Patient/x"}}]
    response = json_patch(writer, row_id, patch)
    assert response.status_code == 422
    bad = [{"op": "replace", "path": "/status", "value": "draft"}]
    response = json_patch(writer, row_id, bad)
    assert response.status_code == 422


def test_oversized_or_empty_text_is_refused(api, alice, condition, settings):
    client = api(alice)
    response = file(client, condition, "x" * (settings.CORRECTIONS_MAX_TEXT + 1))
    assert response.status_code == 400 and "text" in response.json()["error"]["fields"]
    assert file(client, condition, "   ").status_code == 400
    assert CorrectionRequest.objects.count() == 0


def test_the_text_is_sealed_at_rest(api, alice, condition):
    row_id = file(api(alice), condition).json()["id"]
    row = CorrectionRequest.objects.get(id=row_id)
    assert TEXT.encode() not in bytes(row.text) and b"cond" not in bytes(row.focus)
    event = AuditEvent.objects.get(action="correction.request")
    assert event.patient_id == str(alice.id) and TEXT not in str(event.detail)


def test_strangers_get_401(api, condition):
    assert file(api(), condition).status_code == 401
    assert api().get("/api/v1/me/corrections").status_code == 401
