"""Linking: the patient's code, redeemed by the hospital with its own identifier."""

import base64
from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from common.actors import SYSTEM
from hospitals.models import LinkCode, LinkStatus, PatientLink
from hospitals.services import CODE_ALPHABET, link_code_create
from tests.hospital_personas import MRN_A, redeem

pytestmark = pytest.mark.django_db


def new_code(patient) -> str:
    return link_code_create(patient_id=patient.id, actor=SYSTEM)["code"]


def test_a_patient_makes_a_one_time_code_with_a_qr(alice, api):
    response = api(alice).post("/api/v1/me/link-codes")
    assert response.status_code == 201
    body = response.json()
    assert len(body["code"]) == 8 and set(body["code"]) <= set(CODE_ALPHABET)
    assert base64.b64decode(body["qr_png"]).startswith(b"\x89PNG")
    assert AuditEvent.objects.filter(action="link.code.create", patient_id=str(alice.id)).exists()
    assert body["code"] not in str(LinkCode.objects.values_list("code_hash", flat=True))


def test_strangers_cannot_make_codes(client):
    assert client.post("/api/v1/me/link-codes").status_code == 401


def test_the_hospital_redeems_a_code_and_gets_a_link_id(alice, hospital_a, api):
    response = redeem(hospital_a, new_code(alice), "1980-04-02", MRN_A)
    assert response.status_code == 201
    body = response.json()
    assert body["resourceType"] == "Patient"
    assert body["identifier"] == [{"system": MRN_A[0], "value": MRN_A[1]}]
    assert response["Location"].endswith(f"/fhir/R4/Patient/{body['id']}")
    assert str(alice.id) not in response.content.decode()
    link = PatientLink.objects.get(id=body["id"])
    assert link.patient_id == alice.id and link.organization == hospital_a.organization
    event = AuditEvent.objects.get(action="link.create", outcome="success")
    assert event.actor_id == hospital_a.client.client_id and event.patient_id == str(alice.id)


def test_the_patient_sees_the_link_and_a_notification(alice, linked_alice, api):
    client = api(alice)
    links = client.get("/api/v1/me/links").json()["results"]
    assert [link["id"] for link in links] == [str(linked_alice.id)]
    assert links[0]["organization"]["name"] == "Seoul General Hospital (ko)"
    assert links[0]["status"] == "active"
    notes = client.get("/api/v1/me/notifications").json()
    assert notes["unread"] == 1
    note = notes["results"][0]
    assert note["kind"] == "link.created" and "Seoul General Hospital (ko)" in note["body"]
    assert client.post(f"/api/v1/me/notifications/{note['id']}/read").status_code == 204
    assert client.get("/api/v1/me/notifications").json()["unread"] == 0


def test_a_wrong_birth_date_is_refused_and_the_code_stays_usable(alice, hospital_a):
    code = new_code(alice)
    response = redeem(hospital_a, code, "1980-04-03", MRN_A)
    assert response.status_code == 422
    issue = response.json()["issue"][0]
    assert "birthDate does not match" in issue["diagnostics"]
    assert not PatientLink.objects.exists()
    assert redeem(hospital_a, code, "1980-04-02", MRN_A).status_code == 201


def test_a_used_code_cannot_be_redeemed_again(alice, hospital_a, hospital_b):
    code = new_code(alice)
    assert redeem(hospital_a, code, "1980-04-02", MRN_A).status_code == 201
    response = redeem(hospital_b, code, "1980-04-02", ("http://b.example/mrn", "B-1"))
    assert response.status_code == 422
    assert "unknown, already used or expired" in response.json()["issue"][0]["diagnostics"]


def test_an_expired_code_is_refused(alice, hospital_a):
    code = new_code(alice)
    LinkCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert redeem(hospital_a, code, "1980-04-02", MRN_A).status_code == 422


@pytest.mark.parametrize(
    "identifier",
    [
        ("http://www.hl7korea.or.kr/Identifier/rrn", "800402-1234567"),
        ("http://hospital-a.example/mrn", "8004021234567"),
    ],
)
def test_a_resident_registration_number_is_refused_as_identifier(alice, hospital_a, identifier):
    response = redeem(hospital_a, new_code(alice), "1980-04-02", identifier)
    assert response.status_code == 422
    issue = response.json()["issue"][0]
    assert "resident registration number" in issue["diagnostics"]
    assert issue["expression"] == ["Parameters.parameter[1].valueIdentifier"]
    assert identifier[1] not in response.content.decode()
    assert not PatientLink.objects.exists()


def test_malformed_parameters_name_the_problem(hospital_a):
    response = hospital_a.fhir.post(
        "/fhir/R4/Patient/$link", {"resourceType": "Parameters", "parameter": []}, format="json"
    )
    assert response.status_code == 422
    messages = [i["diagnostics"] for i in response.json()["issue"]]
    assert any("code parameter" in m for m in messages)


def test_guessing_codes_is_throttled_and_audited(alice, hospital_a):
    for _ in range(10):
        assert redeem(hospital_a, "AAAAAAAA", "1980-04-02", MRN_A).status_code == 422
    response = redeem(hospital_a, new_code(alice), "1980-04-02", MRN_A)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    denied = AuditEvent.objects.filter(action="link.create", outcome="denied")
    assert denied.count() == 11
    assert {e.detail["reason"] for e in denied} == {"code_invalid", "throttled"}


def test_an_identifier_bound_to_another_patient_is_a_conflict(alice, bob, hospital_a):
    assert redeem(hospital_a, new_code(alice), "1980-04-02", MRN_A).status_code == 201
    response = redeem(hospital_a, new_code(bob), bob.birth_date.isoformat(), MRN_A)
    assert response.status_code == 409


def test_hospital_b_cannot_use_hospital_as_link_id(linked_alice, hospital_a, hospital_b):
    mine = hospital_a.fhir.get(f"/fhir/R4/Patient/{linked_alice.id}")
    assert mine.status_code == 200
    assert mine.json()["identifier"] == [{"system": MRN_A[0], "value": MRN_A[1]}]
    theirs = hospital_b.fhir.get(f"/fhir/R4/Patient/{linked_alice.id}")
    missing = hospital_b.fhir.get("/fhir/R4/Patient/00000000-0000-0000-0000-000000000000")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()


def test_a_client_without_the_link_scope_is_forbidden(alice, hospital_a):
    hospital_a.client.scopes = "system/Bundle.c"
    hospital_a.client.save()
    hospital_a.scopes = "system/Bundle.c"
    response = redeem(hospital_a, new_code(alice), "1980-04-02", MRN_A)
    assert response.status_code == 403


def test_the_patient_revokes_a_link(alice, linked_alice, api):
    response = api(alice).delete(f"/api/v1/me/links/{linked_alice.id}")
    assert response.status_code == 204
    linked_alice.refresh_from_db()
    assert linked_alice.status == LinkStatus.REVOKED and linked_alice.revoked_at is not None
    assert AuditEvent.objects.filter(action="link.revoke", patient_id=str(alice.id)).exists()


def test_another_patient_cannot_revoke_or_see_the_link(bob, linked_alice, api):
    client = api(bob)
    assert client.delete(f"/api/v1/me/links/{linked_alice.id}").status_code == 404
    assert client.delete("/api/v1/me/links/not-a-uuid").status_code == 404
    assert client.get("/api/v1/me/links").json()["results"] == []
    linked_alice.refresh_from_db()
    assert linked_alice.status == LinkStatus.ACTIVE


def test_relinking_after_a_revoke_makes_a_new_link_with_the_same_identifier(
    alice, linked_alice, hospital_a, api
):
    api(alice).delete(f"/api/v1/me/links/{linked_alice.id}")
    response = redeem(hospital_a, new_code(alice), "1980-04-02", MRN_A)
    assert response.status_code == 201
    assert response.json()["id"] != str(linked_alice.id)


def test_notifications_are_private_to_their_patient(alice, bob, linked_alice, api):
    note = api(alice).get("/api/v1/me/notifications").json()["results"][0]
    assert api(bob).get("/api/v1/me/notifications").json() == {"unread": 0, "results": []}
    assert api(bob).post(f"/api/v1/me/notifications/{note['id']}/read").status_code == 404
    assert api(bob).post("/api/v1/me/notifications/not-a-uuid/read").status_code == 404
    assert api(alice).get("/api/v1/me/notifications").json()["unread"] == 1


def test_hospitals_may_ask_for_fhir_json(alice, hospital_a):
    from tests.hospital_personas import link_parameters

    response = hospital_a.fhir.post(
        "/fhir/R4/Patient/$link",
        link_parameters(new_code(alice), "1980-04-02", MRN_A),
        format="json",
        HTTP_ACCEPT="application/fhir+json",
    )
    assert response.status_code == 201
    assert response["Content-Type"] == "application/fhir+json"
    refused = hospital_a.fhir.post(
        "/fhir/R4/Patient/$link", {}, format="json", HTTP_ACCEPT="text/csv"
    )
    assert refused.status_code == 406
    assert refused["Content-Type"] == "application/fhir+json"
