"""Included records: consent Grants to the consultation, read through consent.policy by the
hospital's staff and the home doctor — only while the consultation is open."""

from __future__ import annotations

from tests.backend.consultations.conftest import (
    STAFF_URL,
    URL,
    create,
    request_body,
    staff_post,
)


def _with_records(client, hospital, document_id, commit):
    body = request_body(hospital, include_documents=[document_id], include_sections=["problems"])
    response = commit(create, client, body)
    assert response.status_code == 201, response.content
    return response.json()


def test_the_included_records_are_a_consent_grant_to_the_consultation(
    alice_records, consent_to_doctor, hospital_a, api, commit
):
    from consent.models import Grant

    created = _with_records(api(consent_to_doctor), hospital_a, alice_records, commit)
    grants = Grant.objects.filter(grantee_type="consultation", grantee_id=created["id"])
    assert {tuple(g.document_ids) for g in grants} == {(alice_records,), ()}
    assert all(g.purpose == "follow-up" and g.recipient_country == "US" for g in grants)
    assert all(g.transfer_consent_id is not None for g in grants)
    assert all(
        g.expires_at.isoformat() == created["expires_at"].replace("Z", "+00:00") for g in grants
    )
    assert len(created["included_grants"]) == 2
    listed = api(consent_to_doctor).get("/api/v1/me/consents").json()
    assert listed  # the patient sees them with her other grants, and may revoke them


def test_the_hospital_reads_them_while_open_and_each_read_is_in_the_access_log(
    alice_records, consent_to_doctor, hospital_a, sam, api, commit
):
    from audit.models import AuditEvent

    created = _with_records(api(consent_to_doctor), hospital_a, alice_records, commit)
    response = api(sam).get(f"{STAFF_URL}/{created['id']}/records")
    assert response.status_code == 200
    types = {row["resource_type"] for row in response.json()["results"]}
    assert {"Condition", "Observation"} <= types
    event = AuditEvent.objects.get(action="access.consultation.records", outcome="success")
    assert event.actor_id == str(sam.id) and event.actor_type == "staff"
    assert event.patient_id == str(consent_to_doctor.id)


def test_after_close_the_hospital_reads_nothing_and_the_refusal_is_logged(
    alice_records, consent_to_doctor, hospital_a, sam, api, commit
):
    from audit.models import AuditEvent
    from consent.models import Grant

    created = _with_records(api(consent_to_doctor), hospital_a, alice_records, commit)
    staff = api(sam)
    for step, body in [("accept", {}), ("answer", {"body": "Done."}), ("close", {})]:
        assert staff_post(staff, created["id"], step, body).status_code == 200
    assert staff.get(f"{STAFF_URL}/{created['id']}/records").status_code == 404
    refusal = AuditEvent.objects.get(action="access.consultation.records", outcome="denied")
    assert refusal.detail["reason"] == "revoked"
    assert set(Grant.objects.values_list("status", flat=True)) == {"revoked"}
    assert staff.get(f"{STAFF_URL}/{created['id']}").status_code == 200  # the request stays


def test_a_cancelled_consultation_closes_the_records_too(
    alice_records, consent_to_doctor, hospital_a, sam, api, commit
):
    created = _with_records(api(consent_to_doctor), hospital_a, alice_records, commit)
    api(consent_to_doctor).post(f"{URL}/{created['id']}/cancel")
    assert api(sam).get(f"{STAFF_URL}/{created['id']}/records").status_code == 404


def test_the_patient_can_revoke_the_grant_at_once(
    alice_records, consent_to_doctor, hospital_a, sam, api, commit
):
    created = _with_records(api(consent_to_doctor), hospital_a, alice_records, commit)
    for grant_id in created["included_grants"]:
        revoked = api(consent_to_doctor).post(f"/api/v1/me/consents/{grant_id}/revoke")
        assert revoked.status_code in {200, 204}
    assert api(sam).get(f"{STAFF_URL}/{created['id']}/records").status_code == 404


def test_without_included_records_there_is_nothing_to_read(consultation, sam, api):
    assert api(sam).get(f"{STAFF_URL}/{consultation['id']}/records").status_code == 404


def test_another_hospitals_staff_never_reach_the_records(
    alice_records, consent_to_doctor, hospital_a, busan_staff, api, commit
):
    created = _with_records(api(consent_to_doctor), hospital_a, alice_records, commit)
    assert api(busan_staff).get(f"{STAFF_URL}/{created['id']}/records").status_code == 404


def test_the_home_doctor_reads_them_through_the_policy_under_their_stated_name(
    alice_records, consent_to_doctor, hospital_a, sam, api, commit
):
    from audit.models import AuditEvent
    from consent.models import AccessRecord
    from tests.backend.consultations.conftest import invitation_from_mail, portal_client

    created = _with_records(api(consent_to_doctor), hospital_a, alice_records, commit)
    commit(staff_post, api(sam), created["id"], "accept")
    path, passcode = invitation_from_mail()
    browser = portal_client(path, passcode)
    browser.post(f"{path}licence", {"name": "Jane Smith", "number": "CA-1", "country": "US"})
    page = browser.get(path).content.decode()
    assert "Condition" in page and "Observation" in page
    event = AuditEvent.objects.filter(action="access.consultation.records", actor_type="consult")
    assert event.count() == 1
    record = AccessRecord.objects.get(id=event.get().detail["access_record"])
    assert record.recipient_country == "US" and bytes(record.recipient_name)  # sealed name
