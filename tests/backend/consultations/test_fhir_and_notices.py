"""The consultation as FHIR R4 (validated with fhir.resources R4B), and who is told what."""

from __future__ import annotations

import pytest
from django.core import mail
from fhir.resources.R4B.bundle import Bundle

from tests.backend.consultations.conftest import STAFF_URL, URL, staff_post


def _types(bundle: dict) -> list[str]:
    return [entry["resource"]["resourceType"] for entry in bundle["entry"]]


def test_the_detail_exports_as_a_valid_fhir_r4_bundle(accepted, sam, consent_to_doctor, api):
    staff = api(sam)
    staff_post(staff, accepted["id"], "messages", {"body": "When did it start?", "clinical": False})
    staff_post(staff, accepted["id"], "appointment", {"starts_at": "2099-10-20T09:00"})
    api(consent_to_doctor).post(f"{URL}/{accepted['id']}/appointment/accept")
    response = api(consent_to_doctor).get(f"{URL}/{accepted['id']}", {"format": "fhir"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    body = response.json()
    Bundle.model_validate(body)
    assert _types(body) == ["ServiceRequest", "Task", "Communication", "Appointment"]
    task = body["entry"][1]["resource"]
    assert (
        task["status"] == "in-progress"
        and task["businessStatus"]["coding"][0]["code"] == "scheduled"
    )
    appointment = body["entry"][3]["resource"]
    assert appointment["status"] == "booked" and appointment["start"] == "2099-10-20T00:00:00Z"


def test_the_patients_export_leaves_out_what_is_withheld_from_her(
    accepted, sam, consent_to_doctor, api
):
    staff_post(api(sam), accepted["id"], "answer", {"body": "Clinical advice for the doctor."})
    body = api(consent_to_doctor).get(f"{URL}/{accepted['id']}", {"format": "fhir"}).json()
    Bundle.model_validate(body)
    assert "Communication" not in _types(body)
    assert body["entry"][1]["resource"]["status"] == "completed"
    staff_body = api(sam).get(f"{STAFF_URL}/{accepted['id']}", {"format": "fhir"}).json()
    Bundle.model_validate(staff_body)
    assert "Communication" in _types(staff_body)


def test_a_declined_request_exports_as_rejected_with_its_reason(
    consultation, sam, consent_to_doctor, api
):
    staff_post(api(sam), consultation["id"], "decline", {"reason": "Needs an in-person exam."})
    body = api(consent_to_doctor).get(f"{URL}/{consultation['id']}", {"format": "fhir"}).json()
    Bundle.model_validate(body)
    request, task = body["entry"][0]["resource"], body["entry"][1]["resource"]
    assert request["status"] == "revoked"
    assert (
        task["status"] == "rejected" and task["statusReason"]["text"] == "Needs an in-person exam."
    )


def test_each_step_tells_the_other_side(consultation, sam, consent_to_doctor, api, commit):
    from notifications.models import Notification

    patient = api(consent_to_doctor)
    commit(staff_post, api(sam), consultation["id"], "accept")
    kinds = Notification.objects.filter(kind__startswith="consultation.")
    assert list(kinds.values_list("kind", flat=True)) == ["consultation.accepted"]
    shown = patient.get("/api/v1/me/notifications").json()["results"][0]
    assert shown["title"] == "상담 요청 수락" and "Seoul General Hospital (ko)" in shown["body"]

    mail.outbox.clear()
    commit(
        patient.post, f"{URL}/{consultation['id']}/messages", {"body": "Thank you"}, format="json"
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["jane.smith@clinic.example", sam.email]
    assert all("Thank you" not in m.body for m in mail.outbox)

    mail.outbox.clear()
    commit(
        staff_post, api(sam), consultation["id"], "messages", {"body": "Noted.", "clinical": False}
    )
    assert [m.to[0] for m in mail.outbox] == ["jane.smith@clinic.example"]
    assert Notification.objects.filter(kind="consultation.message").count() == 1


def test_a_clinical_staff_message_is_not_announced_to_the_patient_in_the_default_mode(
    accepted, sam, api, commit
):
    from notifications.models import Notification

    commit(
        staff_post, api(sam), accepted["id"], "messages", {"body": "Dose: 5 mg", "clinical": True}
    )
    assert not Notification.objects.filter(kind="consultation.message").exists()


def test_a_notice_is_delivered_once_even_if_its_task_runs_again(consultation, sam, api, commit):
    from consultations.models import Notice
    from consultations.services.delivery import notice_deliver

    commit(staff_post, api(sam), consultation["id"], "accept")
    notice = Notice.objects.get(kind="accepted")
    assert notice.sent_at is not None
    assert notice_deliver(notice_id=str(notice.id)) is False


@pytest.mark.parametrize(
    "kind",
    [
        "accepted",
        "declined",
        "info_needed",
        "time_proposed",
        "answered",
        "answered_to_doctor",
        "answer_shared",
        "closed",
        "message",
        "reminder_24h",
        "reminder_1h",
    ],
)
def test_every_patient_notice_has_text_in_the_six_ui_languages(kind):
    from notifications.texts import TEXTS

    assert set(TEXTS[f"consultation.{kind}"]) == {"en", "ko", "ja", "zh-hans", "zh-hant", "th"}


def test_both_modes_are_explained_in_the_six_ui_languages():
    from consultations.texts import MODES

    for mode in ("advice_to_professional", "direct_patient"):
        assert set(MODES[mode]) == {"en", "ko", "ja", "zh-hans", "zh-hant", "th"}
