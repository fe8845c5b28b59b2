"""Issue 12, done: through the API and the portal a request with photos is created, accepted
and scheduled by staff signed in with password and TOTP, answered, and the home doctor reads
and writes back — and every step is in the audit trail."""

from __future__ import annotations

import json
from datetime import timedelta

from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from tests.backend.consultations.conftest import (
    STAFF_URL,
    URL,
    invitation_from_mail,
    jpeg,
    request_body,
    upload,
)
from tests.personas import PASSWORD, otp_for


def _staff_session(staff) -> APIClient:
    """A real staff session: password and TOTP through the login endpoint."""
    signed_in = APIClient().post(
        "/api/v1/auth/login",
        {"email": staff.email, "password": PASSWORD, "otp": otp_for(staff)},
        format="json",
    )
    assert signed_in.status_code == 200, signed_in.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {signed_in.json()['access']}")
    return client


def test_follow_up_from_request_to_the_home_doctors_reply(
    consent_to_doctor, alice_records, hospital_a, sam, api, commit
):
    from audit.models import AuditEvent
    from audit.verify import verify_chain

    patient = api(consent_to_doctor)
    staff = _staff_session(sam)
    start = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()

    # 1. The patient asks, with a photo, a slot in her zone and one record included.
    body = request_body(
        hospital_a,
        include_documents=[alice_records],
        preferred_slots=[
            {"start": (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT10:00")}
        ],
    )
    created = commit(
        patient.post,
        URL,
        {"data": json.dumps(body), "files": [upload("rash.jpg", jpeg(), "image/jpeg")]},
        format="multipart",
    )
    assert created.status_code == 201, created.content
    cid = created.json()["id"]
    photo = created.json()["attachments"][0]["id"]

    # 2. Staff see it in their queue, read it with the photo and the included record, accept.
    assert [row["id"] for row in staff.get(STAFF_URL).json()["results"]] == [cid]
    assert staff.get(f"{STAFF_URL}/{cid}/files/{photo}").status_code == 200
    assert staff.get(f"{STAFF_URL}/{cid}/records").json()["results"]
    assert commit(staff.post, f"{STAFF_URL}/{cid}/accept").json()["state"] == "accepted"

    # 3. Staff propose a time (Seoul), the patient accepts it.
    slot = (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT09:00")
    proposal = {
        "starts_at": slot,
        "time_zone": "Asia/Seoul",
        "video_link": "https://meet.example/a",
    }
    assert (
        commit(staff.post, f"{STAFF_URL}/{cid}/appointment", proposal, format="json").status_code
        == 200
    )
    assert commit(patient.post, f"{URL}/{cid}/appointment/accept").json()["state"] == "scheduled"

    # 4. The home doctor opens the invitation, states the licence, staff confirm it.
    path, passcode = invitation_from_mail()
    doctor = Client()
    assert doctor.post(f"{path}passcode", {"passcode": passcode}).status_code == 303
    licence = {"name": "Jane Smith", "number": "CA-A12345", "country": "US"}
    assert doctor.post(f"{path}licence", licence).status_code == 303
    confirmed = commit(
        staff.post, f"{STAFF_URL}/{cid}/licence", {"decision": "confirmed"}, format="json"
    )
    assert confirmed.json() == {"licence_state": "confirmed"}

    # 5. The hospital answers in writing.
    answer = {"body": "Continue the cream for two weeks; a biopsy only if it spreads."}
    assert (
        commit(staff.post, f"{STAFF_URL}/{cid}/answer", answer, format="json").json()["state"]
        == "answered"
    )

    # 6. The home doctor reads it all and writes back.
    page = doctor.get(path).content.decode()
    assert answer["body"] in page and "Condition" in page and f"files/{photo}" in page
    assert doctor.get(f"{path}files/{photo}").status_code == 200
    reply = {"body": "Thank you, I will follow her up here."}
    assert commit(doctor.post, f"{path}messages", reply).status_code == 303

    # 7. The patient now sees the answer and the reply; staff close.
    thread = patient.get(f"{URL}/{cid}/messages").json()["results"]
    assert [m["body"] for m in thread[-2:]] == [answer["body"], reply["body"]]
    assert commit(staff.post, f"{STAFF_URL}/{cid}/close").json()["state"] == "closed"
    assert doctor.get(path).status_code == 404

    actions = set(
        AuditEvent.objects.filter(seq__gt=start or 0, outcome="success").values_list(
            "action", flat=True
        )
    )
    assert {
        "consultation.create",
        "consent.grant.create",
        "consultation.queue",
        "consultation.attachment.read",
        "access.consultation.records",
        "consultation.accept",
        "consultation.invitation.issue",
        "consultation.propose",
        "consultation.appointment.propose",
        "consultation.book",
        "consultation.portal.passcode",
        "consultation.licence.state",
        "consultation.licence.confirm",
        "consultation.answer",
        "consultation.message.create",
        "consultation.portal.read",
        "consultation.answer.deliver",
        "consultation.messages.read",
        "consultation.close",
        "consent.grant.revoke",
    } <= actions
    assert verify_chain().ok
