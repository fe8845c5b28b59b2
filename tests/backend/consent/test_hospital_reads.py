"""A hospital reads over FHIR exactly what its grant covers, and nothing once it ends."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from consent.models import Grant
from tests.backend.consent.conftest import audit_since, everything, grant, head


def test_a_medications_grant_returns_only_medications_and_counts_only_them(
    alice, alice_records, hospital_b
):
    given = grant(alice, hospital_b, sections=["medications"])
    response = everything(hospital_b, given.id)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/fhir+json"
    body = response.json()
    assert body["type"] == "searchset"
    types = [e["resource"]["resourceType"] for e in body["entry"]]
    assert types == ["MedicationStatement", "MedicationStatement"]
    assert body["total"] == len(body["entry"]) == 2
    assert [link["relation"] for link in body["link"]] == ["self"]


def test_resources_carry_our_id_and_the_patient_as_the_hospital_knows_them(
    alice, alice_records, hospital_b
):
    given = grant(alice, hospital_b, sections=["medications"])
    resource = everything(hospital_b, given.id).json()["entry"][0]["resource"]
    assert resource["subject"] == {"reference": f"Patient/{given.id}"}
    assert resource["medicationCodeableConcept"]["text"] == "Salbutamol inhaler"
    assert len(resource["id"]) == 36


def test_a_search_by_type_is_filtered_by_the_same_grant(alice, alice_records, hospital_b):
    given = grant(alice, hospital_b, sections=["medications"])
    medications = hospital_b.fhir.get(f"/fhir/R4/MedicationStatement?patient=Patient/{given.id}")
    problems = hospital_b.fhir.get(f"/fhir/R4/Condition?patient={given.id}")
    assert medications.json()["total"] == 2
    assert problems.status_code == 200
    assert problems.json()["total"] == 0
    assert problems.json()["entry"] == []


def test_paging_follows_next_links_and_they_stop_where_the_grant_stops(
    alice, alice_records, hospital_b
):
    given = grant(alice, hospital_b, sections=["medications"])
    first = everything(hospital_b, given.id, _count="1").json()
    assert first["total"] == 2 and len(first["entry"]) == 1
    next_url = next(link["url"] for link in first["link"] if link["relation"] == "next")
    assert "Condition" not in next_url and "Observation" not in next_url
    second = hospital_b.fhir.get(next_url.split("testserver", 1)[-1].split(":8000", 1)[-1])
    body = second.json()
    assert len(body["entry"]) == 1
    # Problems and results follow in the record, but not under this grant: no next link.
    assert [link["relation"] for link in body["link"]] == ["self"]
    ids = {first["entry"][0]["resource"]["id"], body["entry"][0]["resource"]["id"]}
    assert len(ids) == 2


def test_revocation_takes_effect_on_the_next_request(alice, alice_records, hospital_b, api):
    given = grant(alice, hospital_b, sections=["medications"])
    assert everything(hospital_b, given.id).status_code == 200
    revoked = api(alice).post(f"/api/v1/me/consents/{given.id}/revoke")
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    after = everything(hospital_b, given.id)
    assert after.status_code == 404
    assert after.json()["resourceType"] == "OperationOutcome"


def test_a_grant_expiring_a_second_from_now_still_reads(alice, alice_records, hospital_b):
    given = grant(alice, hospital_b, sections=["medications"])
    Grant.objects.filter(id=given.id).update(expires_at=timezone.now() + timedelta(seconds=1))
    assert everything(hospital_b, given.id).status_code == 200


def test_a_grant_that_expired_a_second_ago_reads_nothing(alice, alice_records, hospital_b):
    given = grant(alice, hospital_b, sections=["medications"])
    Grant.objects.filter(id=given.id).update(expires_at=timezone.now() - timedelta(seconds=1))
    seq = head()
    assert everything(hospital_b, given.id).status_code == 404
    [refusal] = audit_since(seq, action="access.fhir.everything")
    assert refusal.outcome == "denied"
    assert refusal.detail["reason"] == "expired"


def test_a_data_period_limits_what_is_read(alice, alice_records, hospital_b):
    given = grant(alice, hospital_b, data_from=date(2025, 6, 15), data_to=date(2025, 12, 31))
    body = everything(hospital_b, given.id).json()
    assert body["total"] == 1
    assert body["entry"][0]["resource"]["effectiveDateTime"] == "2025-07-01"


def test_a_hospital_that_only_pushes_reads_nothing_under_its_link(alice, alice_records, hospital_a):
    seq = head()
    response = everything(hospital_a, alice_records.id)
    assert response.status_code == 404
    [refusal] = audit_since(seq, action="access.fhir.everything")
    assert refusal.patient_id == str(alice.id)
    assert refusal.detail["reason"] == "no_grant"


def test_a_linked_hospital_with_a_grant_reads_under_its_link_id(alice, alice_records, hospital_a):
    grant(alice, hospital_a, sections=["problems"], purpose="treatment")
    body = everything(hospital_a, alice_records.id).json()
    assert [e["resource"]["resourceType"] for e in body["entry"]] == ["Condition"]


def test_another_hospitals_grant_id_is_as_unknown_as_a_made_up_one(
    alice, alice_records, hospital_b, hospital_c
):
    given = grant(alice, hospital_b, sections=["medications"])
    seq = head()
    assert everything(hospital_c, given.id).status_code == 404
    assert everything(hospital_c, "not-a-uuid").status_code == 404
    refusals = audit_since(seq, action="access.fhir.everything")
    assert [r.detail["reason"] for r in refusals] == ["unknown_patient"] * 2
    assert all(r.patient_id == "" for r in refusals)


def test_unsupported_parameters_and_bad_cursors_are_refused_with_an_operation_outcome(
    alice, alice_records, hospital_b
):
    given = grant(alice, hospital_b, sections=["medications"])
    unknown = everything(hospital_b, given.id, _since="2020-01-01")
    cursor = everything(hospital_b, given.id, _cursor="!!!")
    count = everything(hospital_b, given.id, _count="0")
    for response in (unknown, cursor, count):
        assert response.status_code == 400
        assert response.json()["resourceType"] == "OperationOutcome"


def test_a_search_without_a_patient_is_refused(alice, alice_records, hospital_b):
    response = hospital_b.fhir.get("/fhir/R4/MedicationStatement")
    assert response.status_code == 400
    assert response.json()["issue"][0]["code"] == "required"


def test_a_patient_who_withdrew_the_health_data_agreement_is_read_by_nobody(
    alice, alice_records, hospital_b, api
):
    given = grant(alice, hospital_b, sections=["medications"])
    withdrawn = api(alice).post(
        "/api/v1/me/agreements",
        {"kind": "sensitive_health_data", "action": "withdraw"},
        format="json",
    )
    assert withdrawn.status_code == 200, withdrawn.content
    seq = head()
    assert everything(hospital_b, given.id).status_code == 404
    [refusal] = audit_since(seq, action="access.fhir.everything")
    assert refusal.detail["reason"] == "health_data_agreement_withdrawn"


def test_entries_the_patient_hid_are_not_read_by_others(alice, alice_records, hospital_b, api):
    from records.models import IndexEntry

    given = grant(alice, hospital_b, sections=["medications"])
    hidden = IndexEntry.objects.filter(patient=alice, resource_type="MedicationStatement").first()
    response = api(alice).post(f"/api/v1/me/records/{hidden.id}/hide")
    assert response.status_code in {200, 204}, response.content
    body = everything(hospital_b, given.id).json()
    assert body["total"] == 1
    assert str(hidden.id) not in [e["resource"]["id"] for e in body["entry"]]
