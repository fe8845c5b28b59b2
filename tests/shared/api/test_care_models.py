"""The typed views of grants, shares and consultations read the server's JSON as it is."""

from __future__ import annotations

import base64

from shared.api.consent import AccessLogPage, GrantRequest
from shared.api.consultations import ConsultationDetail, HomeDoctor, NewConsultation, Slot
from shared.api.sharing import CreatedShare, ShareRequest


def test_a_created_share_decodes_its_qr_and_keeps_the_link():
    body = {
        "link": "shlink:/abc",
        "viewer_url": "https://phr.example/viewer/#shlink:/abc",
        "qr_png": base64.b64encode(b"\x89PNG...").decode(),
        "share": {"id": "s1", "status": "active", "attempts_left": None, "accesses": []},
    }
    created = CreatedShare.from_json(body)
    assert created.qr_png.startswith(b"\x89PNG") and created.share.attempts_left is None
    assert created.link == "shlink:/abc"


def test_a_share_request_sends_exactly_one_expiry():
    home = ShareRequest(True, [], "sato-4711", "", "KR", "", expiry="7d").to_json()
    abroad = ShareRequest(True, [], "", "", "JP", "Dr Sato", expires_at="2027-01-01T00:00:00+00:00")
    assert home["expiry"] == "7d" and "expires_at" not in home
    assert "expiry" not in abroad.to_json() and "passcode" not in abroad.to_json()


def test_a_consultation_shows_times_in_the_patients_zone():
    moment = {"utc": "2026-03-07T01:42:00Z", "patient": {"text": "2026-03-07 10:42 KST"}}
    detail = ConsultationDetail.from_json(
        {
            "id": "c1",
            "state": "accepted",
            "hospital": {"name": "서울대학교병원"},
            "appointment": {"status": "proposed", "starts_at": moment, "minutes": 30},
            "preferred_slots": [{"starts_at": moment}],
        }
    )
    assert detail.appointment["starts"] == "2026-03-07 10:42 KST" and detail.slots == [
        "2026-03-07 10:42 KST"
    ]


def test_a_home_doctor_without_a_zone_leaves_it_to_the_server():
    request = NewConsultation(
        "h1",
        "Rash",
        [],
        "en",
        False,
        "Asia/Seoul",
        [Slot("2099-01-01T09:00:00")],
        home_doctor=HomeDoctor("Dr Jane Smith", "US", email="jane@clinic.example"),
    )
    assert "time_zone" not in request.to_json()["home_doctor"]


def test_the_access_log_follows_its_keyset_cursor():
    page = AccessLogPage.from_json(
        {
            "results": [{"id": 412, "who": {"name": "부산가정의원"}}],
            "next": "/x?limit=50&before=412",
        }
    )
    assert page.before == "412" and page.entries[0].who_name == "부산가정의원"
    assert GrantRequest("o1", "referral", [], "2027-01-01T00:00:00Z").to_json()["grantee"]["id"]
