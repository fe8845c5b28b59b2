"""POST /fhir/R4/Bundle and GET /fhir/R4/_submission/{id}: accept, refuse, version, retract."""

from __future__ import annotations

import orjson
import pytest

from audit.models import AuditEvent
from common.crypto.envelope import decrypt_field
from records.models import Document, DocumentVersion, IndexEntry, Submission
from tests.backend.records import bundles
from tests.hospital_personas import MRN_A

pytestmark = pytest.mark.django_db


def stored_bundle(version: DocumentVersion) -> dict:
    plain = decrypt_field(
        version.document.patient_id,
        bytes(version.payload),
        table="records_documentversion",
        row_id=version.id,
        field="payload",
    )
    return orjson.loads(plain)


def test_an_accepted_push_answers_202_with_where_to_follow_it(push, hospital_a, linked_alice):
    response = push(hospital_a, bundles.document())
    assert response.status_code == 202, response.content
    body = response.json()
    assert response["Content-Location"] == f"/fhir/R4/_submission/{body['id']}"
    assert body["status"] == "queued"
    assert body["document"]["version"] == 1
    submission = Submission.objects.get(id=body["id"])
    assert submission.patient_id == linked_alice.patient_id
    assert submission.client_id == hospital_a.client.id


def test_the_status_shows_stored_once_indexed(push, hospital_a, linked_alice):
    location = push(hospital_a, bundles.document())["Content-Location"]
    response = hospital_a.fhir.get(location)
    assert response.status_code == 200
    assert response.json()["status"] == "stored"
    assert "indexed" in response.json()


def test_plain_application_json_is_accepted_too(push, hospital_a, linked_alice):
    response = push(hospital_a, bundles.document(), content_type="application/json; charset=utf-8")
    assert response.status_code == 202


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/xml",
        "application/fhir+json; charset=latin-1",
        "application/octet-stream",
    ],
)
def test_other_content_types_are_refused_with_415(push, hospital_a, linked_alice, content_type):
    response = push(hospital_a, bundles.document(), content_type=content_type)
    assert response.status_code == 415
    assert response.json()["resourceType"] == "OperationOutcome"
    assert not Submission.objects.exists()


def test_the_raw_bundle_is_stored_encrypted_without_the_rrn(push, hospital_a, linked_alice):
    push(hospital_a, bundles.document())
    version = DocumentVersion.objects.get()
    assert bundles.FAMILY.encode() not in bytes(version.payload)
    stored = stored_bundle(version)
    patient = stored["entry"][1]["resource"]
    assert patient["identifier"] == [{"system": MRN_A[0], "value": MRN_A[1]}]
    assert bundles.RRN not in orjson.dumps(stored).decode()
    assert patient["name"][0]["family"] == bundles.FAMILY


def test_the_same_content_again_is_a_duplicate_pointing_to_the_first(
    push, hospital_a, linked_alice
):
    bundle = bundles.document()
    first = push(hospital_a, bundle)
    bundle["timestamp"] = "2024-03-05T10:00:00+09:00"  # regenerated: only the timestamp moved
    again = push(hospital_a, bundle)
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate"
    assert again["Content-Location"] == first["Content-Location"]
    assert Submission.objects.count() == 1 and DocumentVersion.objects.count() == 1
    assert AuditEvent.objects.filter(action="record.push", detail__duplicate=True).count() == 1


def test_new_content_under_the_same_identifier_is_a_new_version(push, hospital_a, linked_alice):
    bundle = bundles.document()
    push(hospital_a, bundle)
    bundle["entry"][3]["resource"]["valueQuantity"]["value"] = 395.0
    response = push(hospital_a, bundle)
    assert response.status_code == 202
    assert response.json()["document"]["version"] == 2
    document = Document.objects.get()
    assert document.current_version == 2
    first, second = document.versions.order_by("number")
    assert stored_bundle(first)["entry"][3]["resource"]["valueQuantity"]["value"] == 410.0
    assert stored_bundle(second)["entry"][3]["resource"]["valueQuantity"]["value"] == 395.0
    assert set(IndexEntry.objects.values_list("version_id", flat=True)) == {second.id}


def test_a_collection_without_identifier_is_keyed_by_its_content(push, hospital_a, linked_alice):
    bundle = bundles.collection(bundles.observation("PATIENT"), identifier=None)
    assert push(hospital_a, bundle).status_code == 202
    assert push(hospital_a, bundle).status_code == 200
    other = bundles.collection(bundles.observation("PATIENT", value=1.0), identifier=None)
    assert push(hospital_a, other).status_code == 202
    assert Document.objects.count() == 2


def test_a_resent_document_marked_entered_in_error_retracts_it(push, hospital_a, linked_alice):
    push(hospital_a, bundles.document())
    response = push(hospital_a, bundles.document(status="entered-in-error"))
    assert response.status_code == 202
    assert response.json()["document"]["status"] == "retracted"
    document = Document.objects.get()
    assert document.status == "retracted" and document.versions.count() == 2
    entries = IndexEntry.objects.filter(document=document)
    assert entries.exists() and all(e.retracted for e in entries)
    summary = IndexEntry.objects.filter(patient=linked_alice.patient, retracted=False)
    assert not summary.exclude(section="").exists()


def test_a_document_reference_marked_entered_in_error_retracts_its_set(
    push, hospital_a, linked_alice
):
    reference = bundles.document_reference(bundles.PDF, "application/pdf")
    push(hospital_a, bundles.collection(reference, identifier="scan-1"))
    retracted = bundles.document_reference(bundles.PDF, "application/pdf", "entered-in-error")
    push(hospital_a, bundles.collection(retracted, identifier="scan-1"))
    assert Document.objects.get().status == "retracted"


def test_warnings_travel_with_the_submission(push, hospital_a, linked_alice):
    bundle = bundles.document()
    del bundle["entry"][2]["fullUrl"]  # POLICY: an entry without fullUrl is a warning
    bundle["entry"][0]["resource"]["section"][0]["entry"] = [{"reference": "Condition/c1"}]
    bundle["entry"][2]["resource"]["id"] = "c1"
    response = push(hospital_a, bundle)
    assert response.status_code == 202, response.content
    warnings = response.json()["issues"]
    assert warnings and all(w["severity"] == "warning" for w in warnings)
    assert Submission.objects.get().issues == warnings
    assert hospital_a.fhir.get(response["Content-Location"]).json()["issues"] == warnings


def test_a_bundle_without_patient_is_refused_with_the_reason(push, hospital_a, linked_alice):
    bundle = bundles.collection(bundles.observation("urn:uuid:" + "1" * 32))
    bundle["entry"] = bundle["entry"][1:]
    response = push(hospital_a, bundle)
    assert response.status_code == 422
    texts = [issue.get("diagnostics", "") for issue in response.json()["issue"]]
    assert any("no Patient" in text for text in texts)
    assert not Submission.objects.exists() and not Document.objects.exists()


def test_validation_refusals_list_each_issue_with_its_location(push, hospital_a, linked_alice):
    bundle = bundles.document()
    del bundle["timestamp"]
    bundle["entry"][3]["resource"]["status"] = {"not": "a code"}
    response = push(hospital_a, bundle)
    assert response.status_code == 422
    issues = response.json()["issue"]
    assert len(issues) >= 2
    assert all({"severity", "code", "expression"} <= issue.keys() for issue in issues)
    assert "a code" not in response.content.decode()  # values are never echoed
    assert not Submission.objects.exists()


def test_an_unlinked_patient_is_refused_naming_the_system_not_the_value(
    push, hospital_a, linked_alice
):
    bundle = bundles.document()
    bundle["entry"][1]["resource"] = bundles.patient([("http://hospital-a.example/mrn", "A-9999")])
    response = push(hospital_a, bundle)
    assert response.status_code == 422
    text = response.json()["issue"][0]["diagnostics"]
    assert "not linked" in text and "http://hospital-a.example/mrn" in text
    assert "A-9999" not in response.content.decode()


def test_a_revoked_link_is_refused_with_403(push, hospital_a, linked_alice):
    linked_alice.status = "revoked"
    linked_alice.save()
    response = push(hospital_a, bundles.document())
    assert response.status_code == 403
    assert response.json()["resourceType"] == "OperationOutcome"
    assert not Submission.objects.exists()


def test_a_withdrawn_health_data_agreement_is_refused_with_the_reason(
    push, hospital_a, linked_alice
):
    from django.utils import timezone

    from accounts.models import Agreement

    Agreement.objects.filter(user_id=linked_alice.patient_id).update(
        ended_at=timezone.now(), end_reason="withdrawn"
    )
    response = push(hospital_a, bundles.document())
    assert response.status_code == 403
    assert "withdrawn" in response.json()["issue"][0]["diagnostics"]
    assert not Submission.objects.exists()


def test_hospital_b_cannot_push_for_a_patient_linked_only_to_a(push, hospital_b, linked_alice):
    response = push(hospital_b, bundles.document())
    assert response.status_code == 422
    assert "not linked" in response.json()["issue"][0]["diagnostics"]


def test_hospital_b_cannot_read_a_submission_of_hospital_a(
    push, hospital_a, hospital_b, linked_alice
):
    location = push(hospital_a, bundles.document())["Content-Location"]
    missing = hospital_b.fhir.get("/fhir/R4/_submission/00000000-0000-4000-8000-000000000000")
    response = hospital_b.fhir.get(location)
    assert response.status_code == missing.status_code == 404
    assert response.content == missing.content


def test_a_push_needs_a_token_with_the_bundle_scope(hospital_a, linked_alice):
    from rest_framework.test import APIClient

    anonymous = APIClient().post("/fhir/R4/Bundle", data=b"{}", content_type=bundles_type())
    assert anonymous.status_code == 401
    response = hospital_a.request_token(scope="system/Patient.c")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access_token']}")
    narrow = client.post(
        "/fhir/R4/Bundle", data=orjson.dumps(bundles.document()), content_type=bundles_type()
    )
    assert narrow.status_code == 403
    assert not Submission.objects.exists()


def bundles_type() -> str:
    return "application/fhir+json"


def test_accepted_and_refused_pushes_are_audited(push, hospital_a, linked_alice):
    accepted = push(hospital_a, bundles.document()).json()
    push(hospital_a, b"{not json", content_type="application/fhir+json")
    event = AuditEvent.objects.get(action="record.push", outcome="success")
    assert event.patient_id == str(linked_alice.patient_id)
    assert event.object_id == accepted["id"] and event.actor_id == hospital_a.client.client_id
    refusal = AuditEvent.objects.get(action="record.push", outcome="denied")
    assert refusal.detail["reason"] == "parse_error" and refusal.detail["status"] == 400
    assert AuditEvent.objects.filter(action="record.index", patient_id=event.patient_id).exists()
