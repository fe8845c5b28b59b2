"""Making a request: the hospital must be linked, the home doctor named, the transfer
abroad consented; what is written is sealed and comes back to the patient as written."""

from __future__ import annotations

from django.core import mail

from tests.backend.consultations.conftest import (
    DOCTOR,
    URL,
    audit_actions,
    create,
    request_body,
)


def test_a_request_is_created_with_its_mode_explained_in_the_patients_language(consultation):
    assert consultation["state"] == "requested"
    assert consultation["reason"] == "The rash came back after I flew home."
    assert consultation["questions"] == ["Should I keep the cream?", "Is a biopsy needed?"]
    assert consultation["mode"]["code"] == "advice_to_professional"
    assert consultation["mode"]["title"] == "주치의를 통한 상담"  # alice reads Korean
    assert consultation["home_doctor"]["name"] == DOCTOR["name"]
    assert consultation["home_doctor"]["invited"] is False


def test_creating_it_is_audited_with_ids_and_counts_only(consultation):
    from audit.models import AuditEvent

    assert "consultation.create" in audit_actions(object_id=consultation["id"])
    event = AuditEvent.objects.get(action="consultation.create")
    assert event.detail["mode"] == "advice_to_professional"
    assert "rash" not in str(event.detail) and "Jane" not in str(event.detail)


def test_staff_are_emailed_when_a_request_arrives(sam, consent_to_doctor, hospital_a, api, commit):
    response = commit(create, api(consent_to_doctor), request_body(hospital_a))
    assert response.status_code == 201
    assert [m.to for m in mail.outbox] == [[sam.email]]
    assert "Dermatology" not in mail.outbox[0].body  # no health data by email
    assert "rash" not in mail.outbox[0].body


def test_an_unlinked_hospital_is_refused(consent_to_doctor, hospital_b, api):
    response = create(api(consent_to_doctor), request_body(hospital_b))
    assert response.status_code == 400
    assert "hospital" in response.json()["error"]["fields"]


def test_the_home_doctor_is_required_when_the_hospital_answers_through_them(
    alice_abroad, hospital_a, api
):
    response = create(api(alice_abroad), request_body(hospital_a, home_doctor=None))
    assert response.status_code == 400
    assert "home_doctor" in response.json()["error"]["fields"]


def test_a_home_doctor_abroad_needs_the_patients_transfer_consent(alice_abroad, hospital_a, api):
    response = create(api(alice_abroad), request_body(hospital_a))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "transfer_consent_required"


def test_direct_mode_needs_no_home_doctor(alice_abroad, hospital_a, api):
    hospital_a.organization.consultation_mode = "direct_patient"
    hospital_a.organization.save()
    response = create(api(alice_abroad), request_body(hospital_a, home_doctor=None))
    assert response.status_code == 201, response.content
    assert response.json()["mode"]["code"] == "direct_patient"


def test_languages_beyond_the_app_ui_are_accepted_and_unknown_ones_refused(
    consent_to_doctor, hospital_a, api
):
    client = api(consent_to_doctor)
    for language in ["mn", "ru", "vi", "ar", "th", "zh"]:
        body = request_body(hospital_a, language=language, interpreter_needed=True)
        assert create(client, body).status_code == 201
    assert create(client, request_body(hospital_a, language="xx")).status_code == 400


def test_the_patient_lists_only_their_own_and_a_stranger_gets_404(consultation, bob, api):
    assert api(bob).get(f"{URL}/{consultation['id']}").status_code == 404
    assert api(bob).get(URL).json()["results"] == []
    assert api(bob).get(f"{URL}/{consultation['id']}/messages").status_code == 404


def test_options_list_linked_hospitals_with_their_mode_and_the_languages(linked_alice, alice, api):
    body = api(alice).get(f"{URL}/options").json()
    assert [h["name"] for h in body["hospitals"]] == ["Seoul General Hospital (ko)"]
    assert body["hospitals"][0]["mode"]["title"] == "주치의를 통한 상담"
    assert {"ko", "en", "ja", "zh", "th", "mn", "ru", "vi", "ar"} <= {
        lang["code"] for lang in body["languages"]
    }


def test_nothing_written_is_stored_in_clear(consultation):
    from consultations.models import Consultation

    row = Consultation.objects.get(id=consultation["id"])
    assert b"rash" not in bytes(row.content)
    assert b"Jane" not in bytes(row.home_doctor)
