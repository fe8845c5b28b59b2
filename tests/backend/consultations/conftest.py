"""Consultation fixtures. Personas come from tests/personas.py and tests/hospital_personas.py:
alice (linked to hospital_a, whose coordinator is sam), hospital_b's staff see nothing.

Everything goes through the real endpoints and services: records are pushed over FHIR,
transfer consents are given through the patient API, staff carry real session tokens.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import orjson
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.backend.records import bundles
from tests.hospital_personas import Hospital
from tests.personas import PASSWORD

URL = "/api/v1/me/consultations"
STAFF_URL = "/api/v1/staff/consultations"
PREVIEW = "/api/v1/me/transfer-consents/preview"


@pytest.fixture(autouse=True)
def _in_process_tasks(_fresh_limits: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Notices and reminders run in-process even when CI has a broker; the per-address
    passcode counter (in the shared cache, Redis in CI) is this test's own."""
    import uuid

    from common import throttle
    from config.celery import app
    from consultations.services import portal

    limit = portal.PER_ADDRESS
    own = throttle.Limit(f"{limit.name}-{uuid.uuid4().hex}", limit.attempts, limit.window_seconds)
    monkeypatch.setattr(portal, "PER_ADDRESS", own)
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Run a call and then what it queued on commit (the notices' delivery)."""

    def run(call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def make_staff(email: str, hospital: Hospital, role: str = "coordinator") -> Any:
    from accounts.services import staff_create
    from common.actors import SYSTEM
    from hospitals.models import StaffMembership

    user = staff_create(
        actor=SYSTEM, email=email, role="staff", name=email.split("@")[0], password=PASSWORD
    ).user
    StaffMembership.objects.create(user=user, organization=hospital.organization, role=role)
    return user


@pytest.fixture
def sam(staff_member: Any, hospital_a: Hospital) -> Any:
    """hospital_a's coordinator (the staff_member persona, given a membership)."""
    from hospitals.models import StaffMembership

    StaffMembership.objects.create(
        user=staff_member, organization=hospital_a.organization, role="coordinator"
    )
    return staff_member


@pytest.fixture
def busan_staff(hospital_b: Hospital) -> Any:
    return make_staff("bora@busan.example", hospital_b)


@pytest.fixture
def alice_abroad(linked_alice: Any, alice: Any) -> Any:
    """alice, now living in Los Angeles: her slots are entered in Pacific time."""
    alice.time_zone = "America/Los_Angeles"
    alice.country = "US"
    alice.save(update_fields=["time_zone", "country"])
    return alice


@pytest.fixture
def alice_records(linked_alice: Any, hospital_a: Hospital, django_capture_on_commit_callbacks: Any):
    """alice's records pushed by hospital_a; returns her document id."""
    from records.models import Document

    bundle = bundles.collection(
        bundles.condition("PATIENT"), bundles.observation("PATIENT"), identifier="consult-1"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = hospital_a.fhir.post(
            "/fhir/R4/Bundle", data=orjson.dumps(bundle), content_type="application/fhir+json"
        )
    assert response.status_code == 202, response.content
    return str(Document.objects.get(patient=linked_alice.patient).id)


def give_transfer(client: Any, name: str, country: str, items: list[str] | None = None) -> str:
    now = timezone.now()
    terms = {
        "recipient_name": name,
        "country": country,
        "items": items or ["all"],
        "starts_at": (now - timedelta(minutes=5)).isoformat(),
        "expires_at": (now + timedelta(days=200)).isoformat(),
    }
    preview = client.post(PREVIEW, terms, format="json")
    assert preview.status_code == 200, preview.content
    given = client.post(
        "/api/v1/me/transfer-consents", {**terms, "digest": preview.json()["digest"]}, format="json"
    )
    assert given.status_code == 201, given.content
    return given.json()["id"]


DOCTOR = {
    "name": "Dr Jane Smith",
    "email": "jane.smith@clinic.example",
    "country": "US",
    "time_zone": "America/Los_Angeles",
}


def request_body(hospital: Hospital, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "hospital": str(hospital.organization.id),
        "department": "Dermatology",
        "reason": "The rash came back after I flew home.",
        "questions": ["Should I keep the cream?", "Is a biopsy needed?"],
        "language": "en",
        "interpreter_needed": False,
        "preferred_slots": [],
        "home_doctor": DOCTOR,
    }
    body.update(overrides)
    return body


def create(client: Any, body: dict[str, Any], files: list[Any] | None = None) -> Any:
    if files is None:
        return client.post(URL, body, format="json")
    return client.post(URL, {"data": json.dumps(body), "files": files}, format="multipart")


def upload(name: str, data: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg(size: tuple[int, int] = (64, 48), exif: Any = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 80, 60))
    image.save(out, "JPEG", **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


@pytest.fixture
def consent_to_doctor(alice_abroad: Any, api: Any) -> Any:
    """alice's transfer-abroad consent for her home doctor in the US."""
    give_transfer(api(alice_abroad), DOCTOR["name"], "US")
    return alice_abroad


@pytest.fixture
def consultation(consent_to_doctor: Any, hospital_a: Hospital, api: Any, commit: Any) -> dict:
    """A request from alice (abroad) to hospital_a, with her US home doctor; the API's body."""
    response = commit(create, api(consent_to_doctor), request_body(hospital_a))
    assert response.status_code == 201, response.content
    return response.json()


def staff_post(client: Any, consultation_id: str, step: str, body: Any = None) -> Any:
    return client.post(f"{STAFF_URL}/{consultation_id}/{step}", body or {}, format="json")


def audit_actions(**filters: Any) -> list[str]:
    from audit.models import AuditEvent

    return list(
        AuditEvent.objects.filter(**filters).order_by("seq").values_list("action", flat=True)
    )


def invitation_from_mail() -> tuple[str, str]:
    """The portal path and passcode of the last invitation email."""
    import re

    from django.core import mail

    invitations = [m for m in mail.outbox if "Passcode:" in m.body]
    assert invitations, "no invitation was emailed"
    body = invitations[-1].body
    link = re.search(r"https?://[^/\s]+(/consult/[A-Za-z0-9_\-]+/)", body)
    passcode = re.search(r"Passcode: ([A-Z0-9]+)", body)
    assert link and passcode
    return link.group(1), passcode.group(1)


def portal_client(path: str, passcode: str, **kwargs: Any) -> Any:
    """A browser that entered the passcode; asserts it got in."""
    from django.test import Client

    client = Client(**kwargs)
    response = client.post(f"{path}passcode", {"passcode": passcode})
    assert response.status_code == 303, response.content
    return client


@pytest.fixture
def accepted(consultation: dict, sam: Any, api: Any, commit: Any) -> dict:
    """The consultation accepted by sam; the home doctor has been emailed an invitation."""
    response = commit(staff_post, api(sam), consultation["id"], "accept")
    assert response.status_code == 200, response.content
    return consultation


@pytest.fixture
def doctor(accepted: dict) -> Any:
    """The home doctor's browser, signed in with the passcode and licence stated."""
    path, passcode = invitation_from_mail()
    client = portal_client(path, passcode)
    stated = client.post(
        f"{path}licence", {"name": "Jane Smith", "number": "CA-A12345", "country": "US"}
    )
    assert stated.status_code == 303
    client.portal_path = path  # type: ignore[attr-defined]
    return client
