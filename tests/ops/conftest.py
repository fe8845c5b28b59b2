"""Patients with real records for the operations tests, and paths kept apart per test.

alice is linked to hospital_a and has a collection, a document with a PDF attachment and a
read grant to hospital_b; bob is linked to hospital_b with one collection. Everything goes
through the real push endpoint and services, indexed in-process.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from django.utils import timezone

from tests.backend.records import bundles
from tests.hospital_personas import Hospital, redeem

FHIR = "application/fhir+json"
MRN_B = ("http://hospital-b.example/mrn", "B-0042")


@pytest.fixture(autouse=True)
def _in_process_tasks() -> Iterator[None]:
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def ops_files(settings: Any, tmp_path: Path) -> Path:
    """The checkpoint and the deletion ledger live outside the database: one pair per test."""
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "checkpoint.json"
    settings.DELETION_LEDGER_PATH = str(tmp_path / "deletion-ledger.jsonl")
    settings.EXPORTS_DIR = str(tmp_path / "exports")
    return tmp_path


def push(hospital: Hospital, bundle: dict[str, Any]) -> None:
    """Tests using this run on transactional_db: the indexing task runs at the push's commit."""
    response = hospital.fhir.post("/fhir/R4/Bundle", data=orjson.dumps(bundle), content_type=FHIR)
    assert response.status_code == 202, response.content


def alice_bundles() -> list[dict[str, Any]]:
    scan = bundles.collection(
        bundles.document_reference(bundles.PDF, "application/pdf"), identifier="scan-1"
    )
    return [bundles.collection(bundles.condition("PATIENT"), identifier="set-1"), scan]


@pytest.fixture
def records(
    ops_files: Path, linked_alice: Any, bob: Any, hospital_a: Hospital, hospital_b: Hospital
) -> dict[str, Any]:
    from common.actors import SYSTEM
    from consent.services import organization_grant_create
    from hospitals.services import link_code_create

    for bundle in alice_bundles():
        push(hospital_a, bundle)
    code = link_code_create(patient_id=bob.id, actor=SYSTEM)["code"]
    assert redeem(hospital_b, code, bob.birth_date.isoformat(), MRN_B).status_code == 201
    bob_set = bundles.collection(
        bundles.observation("PATIENT"), identifier="b-1", patient=bundles.patient([MRN_B])
    )
    push(hospital_b, bob_set)
    organization_grant_create(
        patient=linked_alice.patient, grantee_type="organization",
        organization={"id": str(hospital_b.organization.id)},
        terms={"purpose": "referral", "expires_at": timezone.now() + timedelta(days=90)},
    )  # fmt: skip
    return {"alice": linked_alice.patient, "bob": bob}


def empty_the_database() -> None:
    """As a freshly migrated database: every row gone but what `migrate` itself fills."""
    from django.db import connection, transaction

    from audit.maintenance import restore_append_only, suspend_append_only
    from ops.backup.dump import backed_up_models
    from ops.backup.load import SEEDED

    quote = connection.ops.quote_name
    with transaction.atomic():
        suspend_append_only()
        with connection.cursor() as cursor:
            for model in backed_up_models():
                if model._meta.label_lower not in SEEDED:
                    cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608
        restore_append_only()
