"""Booking a proposed time, and reminders 24 hours and 1 hour before — never twice."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.backend.consultations.conftest import URL, audit_actions, staff_post


def _book(accepted, sam, patient, api, hours_ahead: float):
    starts = (timezone.now() + timedelta(hours=hours_ahead)).isoformat()
    proposed = staff_post(api(sam), accepted["id"], "appointment", {"starts_at": starts})
    assert proposed.status_code == 200, proposed.content
    booked = api(patient).post(f"{URL}/{accepted['id']}/appointment/accept")
    assert booked.json()["state"] == "scheduled"
    from consultations.models import Appointment

    return Appointment.objects.get(status="booked")


def _reminders(kind: str) -> int:
    from notifications.models import Notification

    return Notification.objects.filter(kind=f"consultation.{kind}").count()


def test_the_patient_books_the_proposed_time(accepted, sam, consent_to_doctor, api):
    _book(accepted, sam, consent_to_doctor, api, hours_ahead=48)
    shown = api(consent_to_doctor).get(f"{URL}/{accepted['id']}").json()["appointment"]
    assert shown["status"] == "booked"
    assert "consultation.book" in audit_actions(object_id=accepted["id"])


def test_booking_without_a_proposal_is_refused(accepted, consent_to_doctor, api):
    response = api(consent_to_doctor).post(f"{URL}/{accepted['id']}/appointment/accept")
    assert response.status_code == 409


def test_a_new_proposal_supersedes_the_old_one(accepted, sam, consent_to_doctor, api):
    appointment = _book(accepted, sam, consent_to_doctor, api, hours_ahead=48)
    later = (timezone.now() + timedelta(days=3)).isoformat()
    staff_post(api(sam), accepted["id"], "appointment", {"starts_at": later})
    appointment.refresh_from_db()
    assert appointment.status == "superseded"
    assert api(consent_to_doctor).get(f"{URL}/{accepted['id']}").json()["state"] == "accepted"


def test_reminders_go_out_24_hours_and_1_hour_before_and_never_twice(
    accepted, sam, consent_to_doctor, api, commit
):
    from consultations.services.scheduling import reminders_send
    from consultations.tasks import send_reminders

    appointment = _book(accepted, sam, consent_to_doctor, api, hours_ahead=30)
    assert commit(reminders_send) == 0  # 30 hours ahead: nothing due yet
    day_before = appointment.starts_at - timedelta(hours=23, minutes=55)
    assert commit(reminders_send, now=day_before) == 1
    assert commit(reminders_send, now=day_before) == 0
    assert commit(send_reminders.delay).get() == 0  # the beat task: nothing due at this hour
    assert _reminders("reminder_24h") == 1
    hour_before = appointment.starts_at - timedelta(minutes=50)
    assert commit(reminders_send, now=hour_before) == 1
    assert commit(reminders_send, now=hour_before) == 0
    assert _reminders("reminder_1h") == 1
    assert audit_actions(action="consultation.reminder.send") == ["consultation.reminder.send"] * 2


def test_a_late_booking_skips_the_24_hour_reminder(accepted, sam, consent_to_doctor, api, commit):
    from consultations.services.scheduling import reminders_send

    _book(accepted, sam, consent_to_doctor, api, hours_ahead=0.5)
    assert commit(reminders_send) == 1
    assert _reminders("reminder_24h") == 0 and _reminders("reminder_1h") == 1


def test_a_cancelled_consultation_sends_no_reminder(accepted, sam, consent_to_doctor, api, commit):
    from consultations.services.scheduling import reminders_send

    appointment = _book(accepted, sam, consent_to_doctor, api, hours_ahead=10)
    api(consent_to_doctor).post(f"{URL}/{accepted['id']}/cancel")
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    assert commit(reminders_send) == 0
