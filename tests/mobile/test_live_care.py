"""The app's view-models against a live server: a whole follow-up request (with a photo, a
home doctor abroad and the transfer consent), the hospital's side through its services; and a
share made in the app, opened with the real SHL reader."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest

from tests.mobile.harness import PIN, Parts
from tests.mobile.test_end_to_end import app_on_live_server, eager_tasks  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _signed_in(parts: Parts, user: Any) -> None:
    from tests.personas import PASSWORD

    vms = parts.vms
    vms.settings.choose("en")
    vms.session.login(user.email, PASSWORD)
    assert vms.session.stage == "set_pin", vms.session.error
    vms.session.create_pin(PIN, PIN)
    vms.sync.sync_now()
    assert vms.connection.online


def _photo(folder: Path) -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 80, 60)).save(buffer, "JPEG")
    path = folder / "rash.jpg"
    path.write_bytes(buffer.getvalue())
    return str(path)


def _ask(parts: Parts, folder: Path) -> None:
    flow = parts.vms.followup_new
    flow.start()
    assert flow.ready and flow.hospitals, flow.error
    flow.next()
    flow.set_question("Dermatology", "The rash came back after I flew home.", "Keep the cream?")
    flow.next()
    flow.add_photo(_photo(folder))
    flow.next()
    flow.toggle_section("medications")
    flow.next()
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    flow.add_slot(soon.astimezone().strftime("%Y-%m-%d 10:00"))
    flow.next()
    flow.choose_language("en", False)
    flow.next()
    flow.set_doctor("Dr Jane Smith", "jane.smith@clinic.example", "", "US")
    flow.next()


def test_a_follow_up_request_from_the_app_reaches_the_hospital_and_back(
    app_on_live_server: Parts,  # noqa: F811
    linked_alice: Any,
    alice: Any,
    hospital_a: Any,
    staff_member: Any,
    tmp_path: Path,
):
    from consultations.models import Consultation
    from consultations.services.scheduling import appointment_propose
    from consultations.services.triage import consultation_accept
    from hospitals.models import StaffMembership

    parts, vms = app_on_live_server, app_on_live_server.vms
    _signed_in(parts, alice)
    _ask(parts, tmp_path)
    flow = vms.followup_new
    # The home doctor is abroad: the server's own consent text, read and agreed to first.
    assert flow.transfer.stage == "consent", flow.transfer.error or flow.error
    assert "Dr Jane Smith" in flow.transfer.text
    flow.transfer.agree()
    assert flow.step == "sent", flow.error or flow.transfer.error

    row = Consultation.objects.get(id=flow.sent_id)
    assert row.state == "requested" and row.attachments.count() == 1
    assert row.slots.count() == 1 and row.transfer_consent_id is not None

    StaffMembership.objects.create(
        user=staff_member, organization=hospital_a.organization, role="coordinator"
    )
    consultation_accept(user=staff_member, consultation_id=row.id)
    starts = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
    appointment_propose(user=staff_member, consultation_id=row.id, starts_at=starts, minutes=30)

    vms.sync.sync_now()
    assert vms.notifications.follow_up >= 1  # "accepted" and "time proposed" arrived
    assert vms.consultations.requests[0]["state"] == "accepted"
    thread = vms.thread
    thread.open(flow.sent_id)
    assert thread.detail["appointment"]["status"] == "proposed"
    assert "UTC+09:00" in thread.detail["appointment"]["starts"]  # alice's zone: Seoul
    assert thread.images, "the photo comes back, cleaned"
    assert vms.notifications.follow_up == 0  # opening the thread read its notices
    thread.accept_time()
    assert thread.error == "" and thread.detail["state"] == "scheduled"
    thread.send("Thank you. I will join from Los Angeles.")
    assert thread.messages[-1]["body"].startswith("Thank you") and thread.messages[-1]["mine"]
    thread.invite_home_doctor()
    assert thread.invitation["link"] and thread.invitation["passcode"]


def _records_pushed(hospital: Any) -> None:
    import json

    from tests.backend.records import bundles

    bundle = bundles.collection(
        bundles.condition("PATIENT"), bundles.observation("PATIENT"), identifier="share-1"
    )
    response = hospital.fhir.post(
        "/fhir/R4/Bundle", data=json.dumps(bundle), content_type="application/fhir+json"
    )
    assert response.status_code == 202, response.content


def test_a_share_made_in_the_app_opens_with_the_real_reader(
    app_on_live_server: Parts,  # noqa: F811
    linked_alice: Any,
    alice: Any,
    hospital_a: Any,
):
    from shared.shl import WrongPasscode, open_link

    parts, vms = app_on_live_server, app_on_live_server.vms
    _records_pushed(hospital_a)
    _signed_in(parts, alice)
    flow = vms.share_new
    flow.start()
    flow.next()  # the summary
    flow.choose_expiry("30m")
    flow.next()
    flow.passcode = "sato-4711"
    flow.next()
    flow.set_recipient("Dr Sato", "KR")
    flow.next()
    assert flow.step == "done", flow.error
    assert flow.qr_png.startswith(b"\x89PNG") and 1700 < flow.seconds_left <= 1800

    (ips,) = open_link(flow.link, recipient="Dr Sato", passcode="sato-4711")
    assert ips.json["resourceType"] == "Bundle" and ips.json["type"] == "document"
    with pytest.raises(WrongPasscode):
        open_link(flow.link, recipient="Someone", passcode="not-the-passcode")

    vms.sync.sync_now()
    share = vms.shares.active[0]
    assert share["opened"] == 1 and share["last_by"] == "Dr Sato"
    assert "Dr Sato" in vms.shares.opened_line(share)
    vms.shares.revoke(share["share_id"])
    assert vms.shares.past[0]["status"] == "revoked"
    with pytest.raises(Exception, match=r"(?i)not found|404|inactive|revoked"):
        open_link(flow.link, recipient="Dr Sato", passcode="sato-4711")
