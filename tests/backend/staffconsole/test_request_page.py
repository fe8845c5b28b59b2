"""A request's page: the question, photos, included records (through the consent policy,
only while open), the thread; another hospital's request is the same 404 as a missing one."""

from __future__ import annotations

import uuid
from html.parser import HTMLParser

from tests.backend.consultations.conftest import create, jpeg, request_body, staff_post, upload
from tests.backend.staffconsole.conftest import events, text_of


def _page(client, consultation_id):
    return client.get(f"/staff/consultations/{consultation_id}")


def test_the_page_shows_the_question_the_home_doctor_and_both_times(consultation, sam, sam_console):
    page = _page(sam_console, consultation["id"])
    assert page.status_code == 200
    text = text_of(page)
    assert "The rash came back after I flew home." in text
    assert "Should I keep the cream?" in text and "Is a biopsy needed?" in text
    assert "Dermatology" in text and "Dr Jane Smith" in text
    assert "KST" in text and ("PST" in text or "PDT" in text)
    assert "Accept" in text and "Decline" in text and "Ask for information" in text
    assert "Close" not in text.split("Actions", 1)[1].split("Home doctor", 1)[0]
    [read] = events(action="consultation.read", actor_id=str(sam.id))
    assert read.patient_id == str(consultation_patient(consultation))


def consultation_patient(consultation):
    from consultations.models import Consultation

    return Consultation.objects.get(id=consultation["id"]).patient_id


def test_another_hospitals_request_is_the_same_404_as_a_missing_one(
    consultation, bora_console, busan_staff
):
    theirs = _page(bora_console, consultation["id"])
    missing = _page(bora_console, uuid.uuid4())
    garbage = _page(bora_console, "not-an-id")
    assert theirs.status_code == missing.status_code == garbage.status_code == 404
    assert theirs.content == missing.content == garbage.content
    assert theirs["Content-Type"].startswith("text/html")
    assert "김앨리스" not in theirs.content.decode()
    refusals = events(action="consultation.read", outcome="denied", actor_id=str(busan_staff.id))
    assert len(refusals) == 3 and not any(r.patient_id for r in refusals)


def test_another_hospital_cannot_act_on_it_either(consultation, bora_console):
    from consultations.models import Consultation

    response = bora_console.post(f"/staff/consultations/{consultation['id']}/accept", {})
    assert response.status_code == 404
    assert Consultation.objects.get(id=consultation["id"]).state == "requested"
    files = bora_console.get(f"/staff/consultations/{consultation['id']}/files/{uuid.uuid4()}")
    assert files.status_code == 404


def test_photos_are_shown_and_open_large_and_each_opening_is_audited(
    consent_to_doctor, hospital_a, api, commit, sam, sam_console
):
    body = request_body(hospital_a)
    photo = upload("rash.jpg", jpeg((640, 480)), "image/jpeg")
    created = commit(create, api(consent_to_doctor), body, [photo]).json()
    [attachment] = created["attachments"]
    page = _page(sam_console, created["id"]).content.decode()
    link = f"/staff/consultations/{created['id']}/files/{attachment['id']}"
    assert f'<a class="photo" href="{link}"' in page and f'<img src="{link}"' in page
    image = sam_console.get(link)
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert image.content.startswith(b"\xff\xd8")
    assert "sandbox" in image["Content-Security-Policy"]
    [read] = events(action="consultation.attachment.read", actor_id=str(sam.id))
    assert read.object_id == attachment["id"]


def _with_records(client, hospital, document_id, commit):
    body = request_body(hospital, include_documents=[document_id], include_sections=["problems"])
    response = commit(create, client, body)
    assert response.status_code == 201, response.content
    return response.json()


def test_included_records_are_read_through_the_policy_and_logged(
    alice_records, consent_to_doctor, hospital_a, api, commit, sam, sam_console
):
    created = _with_records(api(consent_to_doctor), hospital_a, alice_records, commit)
    page = _page(sam_console, created["id"])
    text = text_of(page)
    assert "Condition" in text and "Observation" in text
    assert "Each opening of this page is written to the patient's access log." in text
    [read] = events(action="access.consultation.records", outcome="success")
    assert read.actor_id == str(sam.id) and read.patient_id == str(consent_to_doctor.id)


def test_included_records_disappear_once_the_consultation_is_closed(
    alice_records, consent_to_doctor, hospital_a, api, commit, sam, sam_console
):
    created = _with_records(api(consent_to_doctor), hospital_a, alice_records, commit)
    staff = api(sam)
    for step, body in [("accept", {}), ("answer", {"body": "Keep the cream."}), ("close", {})]:
        assert staff_post(staff, created["id"], step, body).status_code == 200
    page = _page(sam_console, created["id"])
    assert page.status_code == 200  # the request itself stays readable
    text = text_of(page)
    assert "Condition" not in text and "Observation" not in text
    assert "permission for this request has ended" in text
    [refusal] = events(action="access.consultation.records", outcome="denied")
    assert refusal.detail["reason"] == "revoked"


def test_the_thread_shows_every_message_to_staff(doctor, consultation, sam_console):
    path = doctor.portal_path
    written = doctor.post(f"{path}messages", {"body": "I examined her yesterday."})
    assert written.status_code == 303
    text = text_of(_page(sam_console, consultation["id"]))
    assert "I examined her yesterday." in text and "Home doctor" in text


def test_the_link_in_the_staff_email_opens_the_page(sam, consultation, sam_console):
    # sam first: the email goes to the staff the hospital has when the request arrives.
    from django.core import mail

    links = [m.body.split()[-1] for m in mail.outbox if "staff console" in m.body]
    assert links, "no staff email was sent"
    path = links[-1].split("://", 1)[1].split("/", 1)[1]
    page = sam_console.get(f"/{path}")
    assert page.status_code == 200
    assert "The rash came back after I flew home." in text_of(page)


class _Controls(HTMLParser):
    """Form controls and labels, to check that every control has a label."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.labelled: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "label" and found.get("for"):
            self.labelled.add(str(found["for"]))
        if tag in {"select", "textarea"} or (
            tag == "input" and found.get("type") not in {"hidden", "submit"}
        ):
            self.controls.append(found)


def test_every_field_has_a_label_on_every_page(doctor, accepted, sam_console):
    counted = {}
    for path in ("/staff/", f"/staff/consultations/{accepted['id']}", "/staff/corrections"):
        parser = _Controls()
        parser.feed(sam_console.get(path).content.decode())
        unlabelled = [c for c in parser.controls if c.get("id") not in parser.labelled]
        assert not unlabelled, (path, unlabelled)
        counted[path] = len(parser.controls)
    # filters; propose (4 fields) and answer (text and files); nothing on the read-only list
    assert list(counted.values()) == [4, 6, 0]


def test_the_skip_link_comes_first_and_leads_to_the_content(consultation, sam_console):
    html = sam_console.get(f"/staff/consultations/{consultation['id']}").content.decode()
    body = html.split("<body", 1)[1]
    first_link = body.index("<a ")
    assert body[first_link:].startswith('<a class="skip" href="#main">')
    assert '<main id="main" tabindex="-1">' in body
