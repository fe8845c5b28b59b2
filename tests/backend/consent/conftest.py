"""A patient with records from the real push endpoint, and hospitals around her.

alice (tests/personas.py) is linked to hospital_a (push only); hospital_a pushes a
collection through POST /fhir/R4/Bundle, indexed in-process, so the index the policy filters
is the one ingestion really builds. Grants are made through the consent services.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import orjson
import pytest
from django.utils import timezone

from tests.backend.records import bundles
from tests.hospital_personas import Hospital, make_hospital

FHIR = "application/fhir+json"


@pytest.fixture(autouse=True)
def _in_process_tasks() -> Iterator[None]:
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def medication_statement(day: str = "2025-06-01") -> dict[str, Any]:
    return {
        "resourceType": "MedicationStatement",
        "status": "active",
        "medicationCodeableConcept": {
            "coding": [{"system": "http://www.whocc.no/atc", "code": "R03AC02"}],
            "text": "Salbutamol inhaler",
        },
        "subject": {"reference": "PATIENT"},
        "effectiveDateTime": day,
    }


def records_bundle(identifier: str = "consent-set-1") -> dict[str, Any]:
    """Two medications, one problem and one lab result, for alice at hospital A."""
    return bundles.collection(
        medication_statement("2025-06-01"),
        medication_statement("2025-07-01"),
        bundles.condition("PATIENT"),
        bundles.observation("PATIENT", day="2025-05-01"),
        identifier=identifier,
    )


@pytest.fixture
def push(django_capture_on_commit_callbacks: Any) -> Callable[[Hospital, dict], Any]:
    def _push(hospital: Hospital, bundle: dict[str, Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            response = hospital.fhir.post(
                "/fhir/R4/Bundle", data=orjson.dumps(bundle), content_type=FHIR
            )
        assert response.status_code == 202, response.content
        return response

    return _push


@pytest.fixture
def alice_records(linked_alice: Any, hospital_a: Hospital, push: Any) -> Any:
    push(hospital_a, records_bundle())
    return linked_alice


def grant(patient: Any, hospital: Hospital, **terms: Any) -> Any:
    """A read grant through the service, by default medications for a referral, 90 days."""
    from consent.services import organization_grant_create

    terms.setdefault("purpose", "referral")
    terms.setdefault("expires_at", timezone.now() + timedelta(days=90))
    return organization_grant_create(
        patient=patient,
        grantee_type="organization",
        organization={"id": str(hospital.organization.id)},
        terms=terms,
    )


@pytest.fixture
def hospital_c(db: None) -> Hospital:
    return make_hospital("Incheon Medical Center", "31100003")


@pytest.fixture
def hospital_d(db: None) -> Hospital:
    return make_hospital("Daegu Hospital", "41100004")


def everything(hospital: Hospital, handle: Any, **params: str) -> Any:
    return hospital.fhir.get(f"/fhir/R4/Patient/{handle}/$everything", params)


def audit_since(seq: int, **filters: Any) -> list[Any]:
    from audit.models import AuditEvent

    return list(AuditEvent.objects.filter(seq__gt=seq, **filters).order_by("seq"))


def head() -> int:
    from audit.models import AuditEvent

    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
