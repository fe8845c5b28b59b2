"""The state machine: every allowed step, the refusal of every other, each side's scope."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.backend.consultations.conftest import STAFF_URL, URL, audit_actions, staff_post

# (action, side, endpoint, body)
STEPS = {
    "accept": ("staff", "accept", {}),
    "decline": ("staff", "decline", {"reason": "We cannot advise on this remotely."}),
    "ask_info": ("staff", "request-information", {"body": "Please send a photo in daylight."}),
    "propose": (
        "staff",
        "appointment",
        {"starts_at": "2099-01-05T10:00:00+09:00", "minutes": 30},
    ),
    "answer": ("staff", "answer", {"body": "Keep the cream for two more weeks."}),
    "close": ("staff", "close", {}),
    "provide_info": ("patient", "information", {"body": "Photo attached tomorrow."}),
    "book": ("patient", "appointment/accept", {}),
    "cancel": ("patient", "cancel", {}),
}
ALLOWED = {
    ("requested", "accept"): "accepted",
    ("requested", "decline"): "declined",
    ("requested", "ask_info"): "info_needed",
    ("requested", "cancel"): "cancelled",
    ("info_needed", "provide_info"): "requested",
    ("info_needed", "decline"): "declined",
    ("info_needed", "cancel"): "cancelled",
    ("accepted", "propose"): "accepted",
    ("accepted", "book"): "scheduled",
    ("accepted", "answer"): "answered",
    ("accepted", "cancel"): "cancelled",
    ("scheduled", "propose"): "accepted",
    ("scheduled", "answer"): "answered",
    ("scheduled", "cancel"): "cancelled",
    ("answered", "close"): "closed",
}
STATES = [
    "requested",
    "info_needed",
    "accepted",
    "scheduled",
    "answered",
    "declined",
    "closed",
    "cancelled",
]
CASES = [(state, action) for state in STATES for action in STEPS]


def _force(consultation_id: str, state: str) -> None:
    """Put the consultation in `state` (with a proposed time, so booking is possible)."""
    from consultations.models import Appointment, Consultation

    Consultation.objects.filter(id=consultation_id).update(state=state)
    Appointment.objects.create(
        consultation_id=consultation_id,
        starts_at=timezone.now() + timedelta(days=3),
        minutes=30,
        status="proposed",
        proposed_by="test",
    )


def _do(api, sam, alice, consultation_id: str, action: str):
    side, endpoint, body = STEPS[action]
    if side == "staff":
        return staff_post(api(sam), consultation_id, endpoint, body)
    return api(alice).post(f"{URL}/{consultation_id}/{endpoint}", body, format="json")


@pytest.mark.parametrize(("state", "action"), CASES, ids=[f"{s}-{a}" for s, a in CASES])
def test_each_step_is_allowed_only_from_its_states(
    state, action, consultation, sam, consent_to_doctor, api
):
    from consultations.models import Consultation

    _force(consultation["id"], state)
    response = _do(api, sam, consent_to_doctor, consultation["id"], action)
    after = Consultation.objects.get(id=consultation["id"]).state
    if (state, action) in ALLOWED:
        assert response.status_code == 200, response.content
        assert after == ALLOWED[(state, action)]
        assert f"consultation.{action}" in audit_actions(outcome="success")
    else:
        assert response.status_code == 409, response.content
        assert response.json()["error"]["code"] == "invalid_transition"
        assert after == state
        assert f"consultation.{action}" in audit_actions(outcome="denied")


def test_a_patient_cannot_take_the_hospitals_steps(consultation, consent_to_doctor, api):
    response = api(consent_to_doctor).post(f"{STAFF_URL}/{consultation['id']}/accept")
    assert response.status_code == 403  # a patient token never passes IsStaff


def test_staff_of_another_hospital_get_404_for_every_endpoint(consultation, busan_staff, api):
    client = api(busan_staff)
    base = f"{STAFF_URL}/{consultation['id']}"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}/messages").status_code == 404
    assert client.get(f"{base}/records").status_code == 404
    for step, (side, endpoint, body) in STEPS.items():
        if side == "staff":
            assert staff_post(client, consultation["id"], endpoint, body).status_code == 404, step
    assert client.get(STAFF_URL).json()["results"] == []
    assert "consultation.read" in audit_actions(outcome="denied")


def test_staff_see_their_hospitals_queue_with_waiting_time(consultation, sam, api):
    rows = api(sam).get(STAFF_URL).json()["results"]
    assert [r["id"] for r in rows] == [consultation["id"]]
    assert rows[0]["patient"]["country"] == "US"
    assert rows[0]["waiting_hours"] == 0
    assert api(sam).get(STAFF_URL, {"state": "closed"}).json()["results"] == []


def test_a_decline_carries_its_reason_to_the_patient(consultation, sam, consent_to_doctor, api):
    staff_post(api(sam), consultation["id"], "decline", {"reason": "Please see a local doctor."})
    body = api(consent_to_doctor).get(f"{URL}/{consultation['id']}").json()
    assert body["state"] == "declined"
    assert body["decline_reason"] == "Please see a local doctor."


def test_a_decline_without_a_reason_is_refused(consultation, sam, api):
    assert staff_post(api(sam), consultation["id"], "decline", {"reason": " "}).status_code == 400


def test_accepting_can_assign_one_of_the_hospitals_doctors(consultation, sam, hospital_a, api):
    from tests.backend.consultations.conftest import make_staff

    doctor = make_staff("dr.kim@hospital-a.example", hospital_a, role="doctor")
    response = staff_post(api(sam), consultation["id"], "accept", {"doctor": str(doctor.id)})
    assert response.status_code == 200
    assert api(sam).get(f"{STAFF_URL}/{consultation['id']}").json()["assigned_doctor"] == str(
        doctor.id
    )


def test_a_doctor_of_another_hospital_cannot_be_assigned(consultation, sam, busan_staff, api):
    response = staff_post(api(sam), consultation["id"], "accept", {"doctor": str(busan_staff.id)})
    assert response.status_code == 400
