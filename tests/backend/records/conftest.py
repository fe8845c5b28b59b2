"""Fixtures of the ingestion tests. Personas (alice, bob, hospital_a, hospital_b,
linked_alice) come from tests/personas.py and tests/hospital_personas.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import orjson
import pytest

from tests.hospital_personas import Hospital

FHIR = "application/fhir+json"


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
