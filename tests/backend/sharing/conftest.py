"""A patient with pushed records, links made through the API, and helpers to open them.

alice (tests/personas.py) is linked to hospital_a, which pushes a collection through the real
FHIR endpoint (indexed in-process). Links are made with POST /api/v1/me/shares as alice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import orjson
import pytest

from tests.backend.records import bundles
from tests.hospital_personas import Hospital

FHIR = "application/fhir+json"
# Strings planted in the pushed records: never in clear in the database.
MEDICATION_TEXT = "Quinterbarol forte inhaler"


@pytest.fixture(autouse=True)
def _in_process_tasks() -> Iterator[None]:
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _roomy_limits(settings: Any) -> None:
    """Every test here calls from 127.0.0.1; per-address counters would otherwise carry over
    from test to test within a minute. Tests of the limits lower them again."""
    settings.SHL_REQUESTS_PER_CLIENT = 100_000
    settings.SHL_REQUESTS_PER_LINK = 100_000


def medication(text: str = MEDICATION_TEXT, day: str = "2025-06-01") -> dict[str, Any]:
    return {
        "resourceType": "MedicationStatement",
        "status": "active",
        "medicationCodeableConcept": {
            "coding": [{"system": "http://www.whocc.no/atc", "code": "R03AC02"}],
            "text": text,
        },
        "subject": {"reference": "PATIENT"},
        "effectiveDateTime": day,
    }


def records(identifier: str = "share-set-1", text: str = MEDICATION_TEXT) -> dict[str, Any]:
    return bundles.collection(
        medication(text),
        bundles.condition("PATIENT"),
        bundles.observation("PATIENT", day="2025-05-01"),
        identifier=identifier,
    )


@pytest.fixture
def push(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    def _push(hospital: Hospital, bundle: dict[str, Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            response = hospital.fhir.post(
                "/fhir/R4/Bundle", data=orjson.dumps(bundle), content_type=FHIR
            )
        assert response.status_code in {200, 202}, response.content
        return response

    return _push


@pytest.fixture
def alice_records(linked_alice: Any, hospital_a: Hospital, push: Any) -> Any:
    push(hospital_a, records())
    return linked_alice


@pytest.fixture
def alice_api(alice: Any, api: Callable[..., Any]) -> Any:
    return api(alice)


@pytest.fixture
def make_share(alice_api: Any, alice_records: Any) -> Callable[..., dict[str, Any]]:
    """POST /api/v1/me/shares as alice (summary, one day, by default); returns the body."""

    def _make(**body: Any) -> dict[str, Any]:
        if not any(k in body for k in ("expiry", "expires_at", "expires_on")):
            body["expiry"] = "1d"
        if not any(k in body for k in ("summary", "entry_ids", "document_ids")):
            body["summary"] = True
        response = alice_api.post("/api/v1/me/shares", body, format="json")
        assert response.status_code == 201, response.content
        return dict(response.json())

    return _make


def manifest_path(link: str) -> str:
    from urllib.parse import urlsplit

    from shared.shl import decode

    return urlsplit(decode(link).url).path


def post_manifest(client: Any, link: str, **body: Any) -> Any:
    body.setdefault("recipient", "Dr Sato")
    return client.post(manifest_path(link), orjson.dumps(body), content_type="application/json")


def entry_ids(patient: Any) -> list[str]:
    from records.models import IndexEntry

    rows = IndexEntry.objects.filter(patient=patient).order_by("entry_index")
    return [str(i) for i in rows.values_list("id", flat=True)]


def audit_since(seq: int, **filters: Any) -> list[Any]:
    from audit.models import AuditEvent

    return list(AuditEvent.objects.filter(seq__gt=seq, **filters).order_by("seq"))


def head() -> int:
    from audit.models import AuditEvent

    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
