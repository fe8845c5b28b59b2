"""Follow-up requests with the fake server: the guided request with photos, the thread with
the marked answer, accepting a proposed time, inviting the home doctor, notifications."""

from __future__ import annotations

import io
from pathlib import Path

from tests.mobile.harness import Parts, sign_in


def _photo(folder: Path, name: str = "rash.jpg") -> Path:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 80, 60)).save(buffer, "JPEG")
    path = folder / name
    path.write_bytes(buffer.getvalue())
    return path


def _walk(parts: Parts, folder: Path, doctor_country: str = "KR") -> None:
    flow = parts.vms.followup_new
    flow.start()
    assert flow.ready and flow.step == "hospital"
    flow.next()
    flow.set_question("Dermatology", "The rash came back after I flew home.", "Cream?\n\nBiopsy?")
    flow.next()
    flow.add_photo(str(_photo(folder)))
    flow.next()
    flow.toggle_section("medications")
    flow.next()
    flow.add_slot("2099-04-10 09:30")
    flow.next()
    flow.choose_language("en", True)
    flow.next()
    flow.set_doctor("Dr Jane Smith", "jane@clinic.example", "", doctor_country)
    flow.next()


def test_a_request_walks_every_step_and_sends_photos_and_times(app_parts: Parts, tmp_path):
    app_parts.server.add_link("서울대학교병원")
    sign_in(app_parts)
    _walk(app_parts, tmp_path)
    flow, care = app_parts.vms.followup_new, app_parts.server.care
    assert flow.step == "sent" and flow.error == ""
    sent = care.consultations[0]["received"]
    assert sent["questions"] == ["Cream?", "Biopsy?"] and sent["include_sections"] == [
        "medications"
    ]
    assert sent["preferred_slots"] == [{"start": "2099-04-10T09:30:00", "minutes": 30}]
    assert sent["time_zone"] == "Asia/Seoul" and sent["interpreter_needed"] is True
    assert sent["home_doctor"]["email"] == "jane@clinic.example"
    assert care.uploads == [("rash.jpg", "image/jpeg", care.uploads[0][2])]
    assert app_parts.vms.consultations.requests[0]["consultation_id"] == flow.sent_id


def test_each_step_checks_its_answer(app_parts: Parts, tmp_path):
    app_parts.server.add_link()
    sign_in(app_parts)
    flow = app_parts.vms.followup_new
    flow.start()
    flow.next()
    flow.next()
    assert flow.step == "question" and flow.error == flow.t("followup_new.no_reason")
    bad = tmp_path / "notes.txt"
    bad.write_text("not a photo")
    flow.add_photo(str(bad))
    assert flow.error == flow.t("photos.wrong_type") and flow.photos == []
    flow.add_slot("tomorrow at nine")
    assert flow.error == flow.t("followup_new.bad_time")
    flow.add_slot("2001-01-01 09:00")
    assert flow.error == flow.t("followup_new.past_time")


def test_this_hospital_needs_the_home_doctor(app_parts: Parts, tmp_path):
    app_parts.server.add_link()
    sign_in(app_parts)
    flow = app_parts.vms.followup_new
    flow.start()
    for _ in range(6):
        if flow.step == "question":
            flow.set_question("", "The rash came back.", "")
        flow.next()
    assert flow.step == "doctor"
    flow.next()
    assert flow.error == flow.t("followup_new.doctor_required")


def test_a_home_doctor_abroad_needs_the_transfer_consent_first(app_parts: Parts, tmp_path):
    app_parts.server.add_link()
    app_parts.server.care.general_abroad = True
    sign_in(app_parts)
    _walk(app_parts, tmp_path, doctor_country="US")
    flow, care = app_parts.vms.followup_new, app_parts.server.care
    assert flow.transfer.stage == "consent" and care.consultations == []
    flow.transfer.agree()
    assert flow.step == "sent", flow.error
    consent = care.transfers[0]
    assert consent["recipient_name"] == "Dr Jane Smith" and consent["items"] == ["medications"]


def test_a_request_cannot_be_started_offline(app_parts: Parts):
    sign_in(app_parts)
    app_parts.server.down = True
    flow = app_parts.vms.followup_new
    flow.start()
    assert not flow.ready and flow.error == flow.t("followup_new.offline")


def test_the_thread_marks_the_answer_and_shows_photos(app_parts: Parts):
    row = app_parts.server.care.add_consultation()
    sign_in(app_parts)
    thread = app_parts.vms.thread
    thread.open(row["id"])
    assert [m["answer"] for m in thread.messages] == [False, False, True]
    assert thread.messages[0]["mine"] and not thread.messages[1]["mine"]
    assert thread.images["f1"].startswith(b"\x89PNG")
    assert thread.detail["appointment"]["starts"].endswith("KST (UTC+09:00)")  # my zone
    assert thread.author(thread.messages[1]).startswith("Dr Park")


def test_a_proposed_time_is_accepted_and_the_doctor_invited(app_parts: Parts):
    row = app_parts.server.care.add_consultation()
    sign_in(app_parts)
    thread = app_parts.vms.thread
    thread.open(row["id"])
    thread.accept_time()
    assert thread.detail["state"] == "scheduled"
    assert thread.detail["appointment"]["status"] == "booked"
    assert app_parts.vms.consultations.requests[0]["state"] == "scheduled"
    thread.invite_home_doctor()
    assert thread.invitation["passcode"] == "K7QM-2XPA"


def test_messages_are_sent_and_refused_offline(app_parts: Parts):
    row = app_parts.server.care.add_consultation()
    sign_in(app_parts)
    thread = app_parts.vms.thread
    thread.open(row["id"])
    thread.send("Thank you, doctor.")
    assert thread.messages[-1]["body"] == "Thank you, doctor." and thread.notice
    app_parts.server.down = True
    thread.send("One more question.")
    assert thread.error == thread.t("thread.offline")
    thread.open(row["id"])  # reading works offline, from the sealed cache
    assert thread.messages[-1]["body"] == "Thank you, doctor."


def test_replies_and_reminders_count_on_the_follow_up_tab_until_opened(app_parts: Parts):
    row = app_parts.server.care.add_consultation()
    app_parts.server.notifications.insert(
        0,
        {
            "id": "n-reply",
            "kind": "consultation.message",
            "title": "New message",
            "body": "서울대학교병원 wrote to you.",
            "created_at": "2026-03-05T01:00:00Z",
            "read": False,
            "data": {"hospital": "서울대학교병원", "consultation": row["id"]},
        },
    )
    sign_in(app_parts)
    notifications = app_parts.vms.notifications
    assert notifications.follow_up == 1
    app_parts.vms.thread.open(row["id"])
    assert notifications.follow_up == 0
    assert app_parts.server.notifications[0]["read"]
