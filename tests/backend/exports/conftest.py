"""Fixtures of the exports tests: alice with records from hospital A (a referral, and the
demo referral letter with its medications), pushed through the real FHIR endpoint."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.backend.records import bundles
from tests.backend.records import conftest as records_fixtures

# The ingestion tests' fixtures, shared: pushes run their indexing in-process.
_in_process_tasks = records_fixtures._in_process_tasks
push = records_fixtures.push

DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "records" / "demo"


def demo_bundle(name: str) -> dict[str, Any]:
    path = next(DEMO.rglob(name))
    return bundles.for_alice(json.loads(path.read_text("utf-8")))


@pytest.fixture
def alice_records(linked_alice: Any, hospital_a: Any, push: Any) -> list[Any]:
    """alice's index entries, newest first, after two pushes from hospital A."""
    from records.models import IndexEntry

    for body in (bundles.document(), demo_bundle("minji-referral-letter.json")):
        response = push(hospital_a, body)
        assert response.status_code == 202, response.content
    return list(IndexEntry.objects.filter(patient=linked_alice.patient).order_by("-sort_date"))


@pytest.fixture
def with_attachment(linked_alice: Any, hospital_a: Any, push: Any) -> Any:
    """A DocumentReference carrying a PDF, pushed for alice."""
    from records.models import Attachment

    body = bundles.collection(
        bundles.document_reference(bundles.PDF, "application/pdf"), identifier="scan-1"
    )
    assert push(hospital_a, body).status_code == 202
    return Attachment.objects.get(patient=linked_alice.patient)
