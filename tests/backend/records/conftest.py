"""Fixtures of the ingestion tests. Hospital personas come from tests/hospital_personas.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import orjson
import pytest
from django.utils import timezone

from tests.hospital_personas import Hospital, hospital_a, hospital_b, linked_alice  # noqa: F401

FHIR = "application/fhir+json"


def _patient(email: str, name: str) -> Any:
    from accounts.models import Agreement, AgreementKind, User

    user = User.objects.create_user(
        email, "a-long-password-1", name=name, birth_date=date(1980, 4, 2)
    )
    Agreement.objects.create(
        user=user,
        kind=AgreementKind.SENSITIVE_HEALTH_DATA,
        version="1",
        language="en",
        given_at=timezone.now(),
    )
    return user


@pytest.fixture
def alice(db: None) -> Any:
    return _patient("alice@example.org", "Alice")


@pytest.fixture
def bob(db: None) -> Any:
    return _patient("bob@example.org", "Bob")


@pytest.fixture(autouse=True)
def _in_process_tasks(request: pytest.FixtureRequest) -> Iterator[None]:
    """Index in-process unless the test is about the real broker and worker."""
    from config.celery import app

    if request.node.get_closest_marker("redis"):
        yield
        return
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


Push = Callable[..., Any]


@pytest.fixture
def push(django_capture_on_commit_callbacks: Any) -> Push:
    """POST a Bundle (a dict, or bytes as they are) and run what was queued on commit."""

    def _push(hospital: Hospital, body: Any, content_type: str = FHIR, **extra: Any) -> Any:
        data = body if isinstance(body, bytes) else orjson.dumps(body)
        with django_capture_on_commit_callbacks(execute=True):
            return hospital.fhir.post(
                "/fhir/R4/Bundle", data=data, content_type=content_type, **extra
            )

    return _push
