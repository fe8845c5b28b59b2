"""The home doctor's portal: link and one-time passcode, licence, records, thread, limits."""

from __future__ import annotations

import re
import uuid

from django.core import mail
from django.test import Client

from tests.backend.consultations.conftest import (
    URL,
    audit_actions,
    invitation_from_mail,
    jpeg,
    portal_client,
    staff_post,
    upload,
)


def test_accepting_emails_the_home_doctor_a_link_and_passcode(accepted):
    invitation = next(m for m in mail.outbox if "Passcode:" in m.body)
    assert invitation.to == ["jane.smith@clinic.example"]
    assert "rash" not in invitation.body and "Dermatology" not in invitation.body
    assert "consultation.invitation.issue" in audit_actions(object_id=accepted["id"])


def test_the_link_asks_for_the_passcode_and_the_passcode_opens_a_session(accepted):
    path, passcode = invitation_from_mail()
    browser = Client()
    page = browser.get(path)
    assert page.status_code == 200 and b'name="passcode"' in page.content
    opened = browser.post(f"{path}passcode", {"passcode": passcode})
    assert opened.status_code == 303 and opened["Location"] == path
    cookie = opened.cookies["consult_session"]
    assert cookie["path"] == "/consult/" and cookie["httponly"] and cookie["samesite"] == "Strict"
    page = browser.get(path)
    assert b"Medical licence number" in page.content  # first: who are you
    assert b"Dermatology" not in page.content  # nothing clinical before the licence
    assert "consultation.portal.passcode" in audit_actions(outcome="success")


def test_the_passcode_works_once(accepted):
    path, passcode = invitation_from_mail()
    portal_client(path, passcode)
    again = Client().post(f"{path}passcode", {"passcode": passcode})
    assert again.status_code == 403


def test_wrong_passcodes_are_limited_for_the_links_life(accepted, settings):
    path, passcode = invitation_from_mail()
    browser = Client()
    lefts = []
    for _ in range(settings.CONSULTATIONS_PASSCODE_ATTEMPTS):
        response = browser.post(f"{path}passcode", {"passcode": "WRONGCODE2"})
        assert response.status_code == 403
        lefts.append(int(re.search(rb"\((\d+) attempts left\)", response.content).group(1)))
    assert lefts == [4, 3, 2, 1, 0]
    assert browser.post(f"{path}passcode", {"passcode": passcode}).status_code == 403
    assert (
        audit_actions(action="consultation.portal.passcode", outcome="denied")
        == ["consultation.portal.passcode"] * 6
    )


def test_the_patient_can_issue_a_new_passcode_to_relay(accepted, consent_to_doctor, api):
    old_path, _ = invitation_from_mail()
    issued = api(consent_to_doctor).post(f"{URL}/{accepted['id']}/home-doctor/invitation")
    assert issued.status_code == 201
    assert Client().get(old_path).status_code == 404  # the old link is replaced
    new_path = issued.json()["link"].split("8000", 1)[1]
    portal_client(new_path, issued.json()["passcode"])


def test_csrf_is_enforced_on_every_form(accepted):
    path, passcode = invitation_from_mail()
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(f"{path}passcode", {"passcode": passcode}).status_code == 403
    form = browser.get(path)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.content).group(1)
    response = browser.post(
        f"{path}passcode", {"passcode": passcode, "csrfmiddlewaretoken": token.decode()}
    )
    assert response.status_code == 303
    assert browser.post(f"{path}messages", {"body": "no token"}).status_code == 403


def test_pages_load_nothing_from_elsewhere_and_run_no_script(doctor):
    page = doctor.get(doctor.portal_path)
    html = page.content.decode()
    assert "<script" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "default-src 'none'" in page["Content-Security-Policy"]
    assert page["Cache-Control"] == "no-store"


def test_forms_keep_a_referrer_policy_under_which_browsers_send_a_real_origin(doctor):
    # Under no-referrer browsers send `Origin: null` with a form POST, which Django's CSRF
    # check refuses; the link token in the path still never leaves the site.
    page = doctor.get(doctor.portal_path)
    assert page["Referrer-Policy"] == "same-origin"
    assert 'content="no-referrer"' not in page.content.decode()


def test_the_doctor_reads_the_request_photos_records_and_thread(
    doctor, accepted, consent_to_doctor, api
):
    page = doctor.get(doctor.portal_path).content.decode()
    assert "The rash came back after I flew home." in page
    assert "Is a biopsy needed?" in page
    assert "PDT" in page or "No time agreed yet." in page
    assert "consultation.portal.read" in audit_actions(object_id=accepted["id"])


def test_the_doctor_writes_back_with_an_attachment(doctor, accepted, consent_to_doctor, api, sam):
    sent = doctor.post(
        f"{doctor.portal_path}messages",
        {
            "body": "I started her on the cream on 2 May.",
            "files": upload("x.jpg", jpeg(), "image/jpeg"),
        },
    )
    assert sent.status_code == 303
    thread = api(sam).get(f"/api/v1/staff/consultations/{accepted['id']}/messages").json()
    last = thread["results"][-1]
    assert last["author"] == "home_doctor" and last["author_name"] == "Jane Smith"
    assert last["body"] == "I started her on the cream on 2 May."
    assert len(last["attachments"]) == 1
    patient_view = api(consent_to_doctor).get(f"{URL}/{accepted['id']}/messages").json()
    assert patient_view["results"][-1]["body"] == "I started her on the cream on 2 May."


def test_clinical_answers_are_withheld_until_the_licence_is_confirmed(
    doctor, accepted, sam, consent_to_doctor, api
):
    staff = api(sam)
    answer = "Continue the cream for two weeks; biopsy if it spreads."
    assert staff_post(staff, accepted["id"], "answer", {"body": answer}).status_code == 200
    page = doctor.get(doctor.portal_path).content.decode()
    assert answer not in page and "Withheld until the hospital has confirmed" in page
    mine = api(consent_to_doctor).get(f"{URL}/{accepted['id']}/messages").json()["results"]
    assert mine[-1]["withheld"] == "with_home_doctor" and mine[-1]["body"] is None

    licence = staff.get(f"/api/v1/staff/consultations/{accepted['id']}").json()["home_doctor"]
    assert licence["licence"] == {"name": "Jane Smith", "number": "CA-A12345", "country": "US"}
    confirmed = staff_post(staff, accepted["id"], "licence", {"decision": "confirmed"})
    assert confirmed.json() == {"licence_state": "confirmed"}

    page = doctor.get(doctor.portal_path).content.decode()
    assert answer in page and "written answer" in page
    mine = api(consent_to_doctor).get(f"{URL}/{accepted['id']}/messages").json()["results"]
    assert mine[-1]["body"] == answer and mine[-1]["kind"] == "answer"
    assert "consultation.answer.deliver" in audit_actions(object_id=accepted["id"])


def test_a_rejected_licence_keeps_answers_withheld(doctor, accepted, sam, api):
    staff = api(sam)
    staff_post(staff, accepted["id"], "answer", {"body": "Secret clinical advice."})
    staff_post(staff, accepted["id"], "licence", {"decision": "rejected"})
    page = doctor.get(doctor.portal_path).content.decode()
    assert "Secret clinical advice." not in page
    assert "could not confirm your licence" in page


def test_the_link_stops_working_when_the_consultation_closes(doctor, accepted, sam, api):
    staff = api(sam)
    staff_post(staff, accepted["id"], "answer", {"body": "Answer."})
    staff_post(staff, accepted["id"], "close")
    assert doctor.get(doctor.portal_path).status_code == 404
    assert doctor.post(f"{doctor.portal_path}messages", {"body": "hello?"}).status_code == 404
    path, passcode = invitation_from_mail()
    assert Client().post(f"{path}passcode", {"passcode": passcode}).status_code == 404


def test_another_consultations_pages_and_files_are_404(
    doctor, accepted, consent_to_doctor, hospital_a, api
):
    from tests.backend.consultations.conftest import create, request_body

    other = create(
        api(consent_to_doctor),
        request_body(hospital_a),
        files=[upload("other.jpg", jpeg(), "image/jpeg")],
    ).json()
    other_file = other["attachments"][0]["id"]
    assert doctor.get(f"{doctor.portal_path}files/{other_file}").status_code == 404
    assert doctor.get("/consult/not-a-real-link-at-all/").status_code == 404
    assert b"<html" in doctor.get("/consult/not-a-real-link-at-all/").content  # an HTML page


def test_a_session_for_one_link_does_not_open_another(
    doctor, accepted, consent_to_doctor, hospital_a, sam, api, commit
):
    from tests.backend.consultations.conftest import create, request_body

    second = commit(create, api(consent_to_doctor), request_body(hospital_a)).json()
    commit(staff_post, api(sam), second["id"], "accept")
    second_path, _ = invitation_from_mail()
    assert second_path != doctor.portal_path
    page = doctor.get(second_path)  # same browser, signed in to the first link only
    assert page.status_code == 200 and b'name="passcode"' in page.content
    assert b"The rash came back" not in page.content


def test_guessing_across_many_links_from_one_address_is_throttled(accepted, monkeypatch):
    from common import throttle
    from consultations.services import portal

    tight = throttle.Limit(f"consult-tight-{uuid.uuid4().hex}", 3, 900)
    monkeypatch.setattr(portal, "PER_ADDRESS", tight)
    path, passcode = invitation_from_mail()
    browser = Client()
    for _ in range(3):
        assert browser.post(f"{path}passcode", {"passcode": "NOPE"}).status_code == 403
    refused = browser.post(f"{path}passcode", {"passcode": passcode})
    assert refused.status_code == 429 and refused["Retry-After"]
