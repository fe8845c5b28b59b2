"""Each button calls consultations' own service: the state changes, the audit event is
written, and a refused step leaves everything as it was. CSRF guards every POST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import Client

from tests.backend.staffconsole.conftest import (
    SIGN_IN,
    console_client,
    events,
    sign_in_form,
    text_of,
)


def _act(client, consultation_id, step, data=None):
    return client.post(f"/staff/consultations/{consultation_id}/{step}", data or {})


def _state(consultation_id):
    from consultations.models import Consultation

    return Consultation.objects.get(id=consultation_id)


def _done(response, consultation_id):
    assert response.status_code == 303, text_of(response)[:1500]
    assert response["Location"] == f"/staff/consultations/{consultation_id}"


def test_accept_with_a_doctor_assigns_and_audits(consultation, sam, dana, sam_console, commit):
    cid = consultation["id"]
    _done(commit(_act, sam_console, cid, "accept", {"doctor": str(dana.id)}), cid)
    row = _state(cid)
    assert row.state == "accepted" and row.assigned_doctor_id == dana.id
    [event] = events(action="consultation.accept", actor_id=str(sam.id))
    assert event.detail["doctor"] == str(dana.id) and event.detail["to"] == "accepted"
    page = sam_console.get(f"/staff/consultations/{cid}")
    assert "Accepted. The patient has been told." in text_of(page)
    assert "Dr Dana Kim" in text_of(page)


def test_accept_refuses_someone_who_is_not_a_doctor_here(consultation, sam, sam_console):
    response = _act(sam_console, consultation["id"], "accept", {"doctor": str(sam.id)})
    assert response.status_code == 400  # not among the choices
    assert _state(consultation["id"]).state == "requested"


def test_decline_needs_a_reason_and_tells_the_patient(consultation, sam, sam_console):
    cid = consultation["id"]
    empty = _act(sam_console, cid, "decline", {"reason": ""})
    assert empty.status_code == 400 and "This field is required." in text_of(empty)
    assert _state(cid).state == "requested"
    _done(_act(sam_console, cid, "decline", {"reason": "We do not treat this condition."}), cid)
    assert _state(cid).state == "declined"
    assert events(action="consultation.decline", actor_id=str(sam.id))
    assert "We do not treat this condition." in text_of(
        sam_console.get(f"/staff/consultations/{cid}")
    )


def test_asking_for_information_adds_the_request_to_the_thread(consultation, sam, sam_console):
    cid = consultation["id"]
    _done(_act(sam_console, cid, "ask_info", {"body": "Please send a photo of the rash."}), cid)
    assert _state(cid).state == "info_needed"
    assert events(action="consultation.ask_info", actor_id=str(sam.id))
    text = text_of(sam_console.get(f"/staff/consultations/{cid}"))
    assert "Please send a photo of the rash." in text and "Information request" in text


def test_propose_reads_the_time_in_the_chosen_zone(accepted, sam, sam_console):
    cid = accepted["id"]
    day = (datetime.now(UTC) + timedelta(days=10)).date()
    form = {
        "starts_at": f"{day.isoformat()}T09:30",
        "time_zone": "America/Los_Angeles",
        "minutes": "30",
        "video_link": "https://video.example/room",
    }
    _done(_act(sam_console, cid, "propose", form), cid)
    appointment = _state(cid).appointments.get(status="proposed")
    local = appointment.starts_at.astimezone(ZoneInfo("America/Los_Angeles"))
    assert (local.date(), local.hour, local.minute) == (day, 9, 30)
    assert events(action="consultation.appointment.propose", actor_id=str(sam.id))
    assert events(action="consultation.propose", actor_id=str(sam.id))
    assert "proposed, waiting for the patient" in text_of(
        sam_console.get(f"/staff/consultations/{cid}")
    )


def test_propose_refuses_a_time_in_the_past(accepted, sam_console):
    cid = accepted["id"]
    form = {"starts_at": "2020-01-01T09:00", "time_zone": "Asia/Seoul", "minutes": "30"}
    response = _act(sam_console, cid, "propose", form)
    assert response.status_code == 400
    assert "Propose a time in the future." in text_of(response)
    assert not _state(cid).appointments.exists()


def test_answer_then_close(accepted, sam, sam_console):
    cid = accepted["id"]
    _done(_act(sam_console, cid, "answer", {"body": "Keep the cream twice a day."}), cid)
    assert _state(cid).state == "answered"
    assert events(action="consultation.answer", actor_id=str(sam.id))
    assert "Keep the cream twice a day." in text_of(sam_console.get(f"/staff/consultations/{cid}"))
    _done(_act(sam_console, cid, "close"), cid)
    assert _state(cid).state == "closed"
    assert events(action="consultation.close", actor_id=str(sam.id))


def test_a_step_the_state_does_not_allow_is_refused_and_nothing_changes(consultation, sam_console):
    cid = consultation["id"]
    response = _act(sam_console, cid, "close")
    assert response.status_code == 409
    assert "that step is not possible now" in text_of(response)
    assert _state(cid).state == "requested"
    assert events(action="consultation.close", outcome="denied")


def test_an_unknown_step_is_404(consultation, sam_console):
    assert _act(sam_console, consultation["id"], "delete").status_code == 404


def test_confirming_the_home_doctors_licence(doctor, accepted, sam, sam_console):
    cid = accepted["id"]
    page = text_of(sam_console.get(f"/staff/consultations/{cid}"))
    assert "CA-A12345" in page and "Confirm licence" in page
    _done(_act(sam_console, cid, "licence", {"decision": "confirmed"}), cid)
    assert _state(cid).invitation.licence_state == "confirmed"
    assert events(action="consultation.licence.confirm", actor_id=str(sam.id))


def test_a_post_without_the_csrf_token_is_refused_with_an_html_page(consultation, sam):
    client = Client(enforce_csrf_checks=True)
    client.get(SIGN_IN)  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    signed_in = client.post(SIGN_IN, {**sign_in_form(sam), "csrfmiddlewaretoken": token})
    assert signed_in.status_code == 303
    response = _act(client, consultation["id"], "accept")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert _state(consultation["id"]).state == "requested"
    assert not events(action="consultation.accept")


def test_signing_in_without_the_csrf_token_is_refused(sam):
    client = Client(enforce_csrf_checks=True)
    assert client.post(SIGN_IN, sign_in_form(sam)).status_code == 403


def test_pages_forbid_inline_script_and_caching(consultation, sam_console):
    import re

    page = sam_console.get(f"/staff/consultations/{consultation['id']}")
    policy = page["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert page["Cache-Control"] == "no-store"
    html = page.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # every script is a file
    assert " style=" not in html and "<style" not in html
    assert "http://" not in html and "https://" not in html  # no outside fonts or scripts


def test_the_error_page_keeps_its_style_under_the_policy(bora_console):
    import base64
    import hashlib
    import re

    page = bora_console.get("/staff/consultations/nothing-here")
    css = re.search(r"<style>(.*?)</style>", page.content.decode(), re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in page["Content-Security-Policy"]


def test_assets_are_served_by_digest(sam_console):
    from staffconsole.assets import assets

    bundle = assets()
    css = sam_console.get(f"/staff/assets/{bundle.digest}/console.css")
    assert css.status_code == 200 and css["Content-Type"].startswith("text/css")
    assert "immutable" in css["Cache-Control"]
    assert sam_console.get("/staff/assets/0000/console.css").status_code == 404
    assert Client().get(f"/staff/assets/{bundle.digest}/console.js").status_code == 200


def test_a_doctor_member_signs_in_too(consultation, dana):
    client = console_client(dana)
    assert "김앨리스" in text_of(client.get("/staff/"))
