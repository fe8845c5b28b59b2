"""Times entered where the patient lives, stored as instants, shown in Seoul time, the
patient's and the home doctor's zones — daylight saving included."""

from __future__ import annotations

import pytest

from tests.backend.consultations.conftest import STAFF_URL, URL, create, request_body, staff_post


def _slots(body):
    return [slot["starts_at"] for slot in body["preferred_slots"]]


def test_a_slot_entered_in_ulaanbaatar_is_shown_in_seoul_time(
    consent_to_doctor, hospital_a, api, sam
):
    body = request_body(
        hospital_a,
        time_zone="Asia/Ulaanbaatar",
        preferred_slots=[{"start": "2099-06-10T09:00", "minutes": 30}],
    )
    created = create(api(consent_to_doctor), body).json()
    slot = _slots(api(sam).get(f"{STAFF_URL}/{created['id']}").json())[0]
    assert slot["utc"] == "2099-06-10T01:00:00Z"  # Ulaanbaatar is UTC+8 all year
    assert slot["seoul"]["text"] == "2099-06-10 10:00 KST (UTC+09:00)"
    assert slot["home_doctor"]["text"].startswith("2099-06-09 18:00 PDT")


def test_los_angeles_slots_across_the_dst_change_are_each_right_in_seoul(
    consent_to_doctor, hospital_a, api
):
    # Clocks in Los Angeles go forward on 8 March 2099 (second Sunday of March).
    body = request_body(
        hospital_a,
        preferred_slots=[
            {"start": "2099-03-07T10:00", "minutes": 30},  # PST, UTC-8
            {"start": "2099-03-09T10:00", "minutes": 30},  # PDT, UTC-7
        ],
    )
    created = create(api(consent_to_doctor), body).json()
    before, after = _slots(created)
    assert before["utc"] == "2099-03-07T18:00:00Z"
    assert before["seoul"]["text"] == "2099-03-08 03:00 KST (UTC+09:00)"
    assert before["patient"]["text"] == "2099-03-07 10:00 PST (UTC-08:00)"
    assert after["utc"] == "2099-03-09T17:00:00Z"
    assert after["seoul"]["text"] == "2099-03-10 02:00 KST (UTC+09:00)"
    assert after["patient"]["text"] == "2099-03-09 10:00 PDT (UTC-07:00)"


def test_a_wall_clock_time_the_clocks_skip_is_refused(consent_to_doctor, hospital_a, api):
    body = request_body(hospital_a, preferred_slots=[{"start": "2099-03-08T02:30"}])
    response = create(api(consent_to_doctor), body)
    assert response.status_code == 400
    assert "slots" in response.json()["error"]["fields"]


def test_a_slot_in_the_past_is_refused(consent_to_doctor, hospital_a, api):
    body = request_body(hospital_a, preferred_slots=[{"start": "2001-01-01T10:00"}])
    assert create(api(consent_to_doctor), body).status_code == 400


@pytest.mark.parametrize(
    ("starts_at", "zone"),
    [("2099-10-20T09:00", "Asia/Seoul"), ("2099-10-20T00:00:00Z", "Asia/Seoul")],
)
def test_a_proposed_time_is_shown_in_seoul_the_patients_and_the_doctors_zones(
    starts_at, zone, consultation, sam, consent_to_doctor, api
):
    staff_post(api(sam), consultation["id"], "accept")
    response = staff_post(
        api(sam),
        consultation["id"],
        "appointment",
        {"starts_at": starts_at, "time_zone": zone, "video_link": "https://meet.example/x"},
    )
    assert response.status_code == 200, response.content
    shown = api(consent_to_doctor).get(f"{URL}/{consultation['id']}").json()["appointment"]
    times = shown["starts_at"]
    assert times["seoul"]["local"].startswith("2099-10-20T09:00")
    assert times["patient"]["text"] == "2099-10-19 17:00 PDT (UTC-07:00)"  # DST until 1 Nov
    assert times["home_doctor"]["time_zone"] == "America/Los_Angeles"
    assert shown["video_link"] == "https://meet.example/x"
    assert shown["status"] == "proposed"


def test_a_video_link_must_be_https(consultation, sam, api):
    staff_post(api(sam), consultation["id"], "accept")
    response = staff_post(
        api(sam),
        consultation["id"],
        "appointment",
        {"starts_at": "2099-10-20T09:00", "video_link": "http://meet.example/x"},
    )
    assert response.status_code == 400
