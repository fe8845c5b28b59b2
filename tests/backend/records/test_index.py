"""The index: one row per clinical resource, clear columns for SQL, sealed text, keyed codes;
built exactly once however often a task runs."""

from __future__ import annotations

from datetime import date, timedelta

import orjson
import pytest
from django.utils import timezone

from common.crypto.blind import blind_index, derive_subkey
from common.crypto.envelope import data_key_for, decrypt_field
from records.models import IndexCode, IndexEntry, Submission
from records.services import submission_index, submissions_sweep
from records.services.queue import claim
from tests.backend.records import bundles

pytestmark = pytest.mark.django_db


def opened(entry: IndexEntry, field: str) -> bytes:
    return decrypt_field(
        entry.patient_id,
        getattr(entry, field),
        table="records_indexentry",
        row_id=entry.id,
        field=field,
    )


def test_each_clinical_resource_gets_one_row_with_clear_sql_columns(push, hospital_a, linked_alice):
    push(hospital_a, bundles.document())
    rows = {e.resource_type: e for e in IndexEntry.objects.all()}
    assert set(rows) == {"Composition", "Condition", "Observation"}  # no Patient
    condition = rows["Condition"]
    assert (condition.section, condition.kind, condition.status) == (
        "problems",
        "referral",
        "active",
    )
    assert (condition.sort_date, condition.precision) == (date(2019, 3, 1), "month")
    assert condition.end_date == date(2019, 3, 31)
    assert condition.organization_id == hospital_a.organization.id
    assert rows["Observation"].section == "results" and rows["Observation"].status == "final"
    assert rows["Composition"].section == "" and rows["Composition"].precision == "time"


def test_display_summary_and_resource_are_sealed_per_row(push, hospital_a, linked_alice):
    push(hospital_a, bundles.document())
    condition = IndexEntry.objects.get(resource_type="Condition")
    assert opened(condition, "display") == b"Asthma"
    summary = orjson.loads(opened(condition, "summary"))
    assert summary["codings"] == [["http://snomed.info/sct", bundles.SNOMED_ASTHMA, ""]]
    assert orjson.loads(opened(condition, "resource"))["note"][0]["text"] == bundles.NOTE


def test_codes_are_keyed_hashes_under_the_patients_code_key(push, hospital_a, linked_alice):
    push(hospital_a, bundles.document())
    key = derive_subkey(data_key_for(linked_alice.patient_id), "code")
    expected = blind_index(key, f"http://snomed.info/sct|{bundles.SNOMED_ASTHMA}")
    entry = IndexEntry.objects.get(code_hash=expected)
    assert entry.resource_type == "Condition"
    assert IndexCode.objects.filter(patient=linked_alice.patient, code_hash=expected).count() == 1


def test_the_same_code_hashes_differently_for_another_patient(push, hospital_a, linked_alice, bob):
    from hospitals.services import link_code_create
    from tests.hospital_personas import redeem

    code = link_code_create(patient_id=bob.id, actor=_system())["code"]
    mrn = ("http://hospital-a.example/mrn", "B-1")
    assert redeem(hospital_a, code, bob.birth_date.isoformat(), mrn).status_code == 201
    push(hospital_a, bundles.document())
    bob_bundle = bundles.document()
    bob_bundle["entry"][1]["resource"] = bundles.patient([mrn])
    push(hospital_a, bob_bundle)
    hashes = {
        IndexEntry.objects.get(patient_id=p, resource_type="Condition").code_hash
        for p in (linked_alice.patient_id, bob.id)
    }
    assert len(hashes) == 2


def _system():
    from common.actors import SYSTEM

    return SYSTEM


def test_a_resource_without_a_date_falls_back_to_the_bundle_timestamp(
    push, hospital_a, linked_alice
):
    observation = bundles.observation("PATIENT")
    del observation["effectiveDateTime"]
    push(hospital_a, bundles.collection(observation, timestamp="2024-05-06T08:00:00+09:00"))
    entry = IndexEntry.objects.get()
    assert (entry.precision, entry.sort_date) == ("received", date(2024, 5, 6))


def test_without_any_date_the_received_day_is_used(push, hospital_a, linked_alice):
    observation = bundles.observation("PATIENT")
    del observation["effectiveDateTime"]
    push(hospital_a, bundles.collection(observation))
    entry = IndexEntry.objects.get()
    assert entry.precision == "received"
    assert abs(entry.sort_at - timezone.now()) < timedelta(minutes=1)


def test_medication_statements_are_coded_by_their_medication(push, hospital_a, linked_alice):
    push(hospital_a, bundles.for_alice(bundles.fixture("ips/hl7-fhir-ips/IPS-bundle-01.json")))
    statement = IndexEntry.objects.filter(resource_type="MedicationStatement").first()
    assert statement is not None and statement.code_hash
    assert not opened(statement, "display").startswith(b"MedicationStatement")


def test_indexing_again_rewrites_the_rows_exactly_once(push, hospital_a, linked_alice):
    push(hospital_a, bundles.document())
    submission = Submission.objects.get()
    before = sorted(IndexEntry.objects.values_list("entry_index", flat=True))
    Submission.objects.filter(id=submission.id).update(status="queued")
    assert submission_index(submission_id=submission.id) == "stored"
    assert sorted(IndexEntry.objects.values_list("entry_index", flat=True)) == before


def test_a_worker_that_died_mid_task_is_taken_over_after_its_lease(
    push, hospital_a, linked_alice, settings
):
    settings.RECORDS_SWEEP_GRACE_SECONDS = 0
    with _broker_down():
        push(hospital_a, bundles.document())
    submission = Submission.objects.get()
    assert submission.status == "queued" and not IndexEntry.objects.exists()
    assert claim(submission.id)  # a worker takes it ... and is killed before finishing
    assert submission_index(submission_id=submission.id) == "skipped"  # its lease still holds
    Submission.objects.filter(id=submission.id).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert submissions_sweep() == 1
    submission.refresh_from_db()
    assert submission.status == "stored" and submission.attempts == 2
    assert IndexEntry.objects.count() == 3
    assert IndexEntry.objects.values("entry_index").distinct().count() == 3


def test_a_task_delivered_twice_indexes_once(push, hospital_a, linked_alice):
    push(hospital_a, bundles.document())
    submission = Submission.objects.get()
    assert submission_index(submission_id=submission.id) == "skipped"
    assert Submission.objects.get().attempts == 1


def test_the_sweeper_requeues_pushes_the_broker_never_got(push, hospital_a, linked_alice, settings):
    settings.RECORDS_SWEEP_GRACE_SECONDS = 0
    with _broker_down():
        response = push(hospital_a, bundles.document())
        assert response.status_code == 202  # the push never waits for the broker
        assert submissions_sweep() == 0  # still down: nothing lost, nothing published
    assert Submission.objects.get().status == "queued"
    assert submissions_sweep() == 1
    assert Submission.objects.get().status == "stored"


def test_a_patient_whose_key_was_destroyed_before_indexing_is_rejected(
    push, hospital_a, linked_alice
):
    from common.crypto.envelope import destroy_data_key

    with _broker_down():
        push(hospital_a, bundles.document())
    destroy_data_key(linked_alice.patient_id)
    submission = Submission.objects.get()
    assert submission_index(submission_id=submission.id) == "rejected"
    submission.refresh_from_db()
    assert submission.status == "rejected" and submission.issues[-1]["severity"] == "error"
    assert not IndexEntry.objects.exists()


class _broker_down:
    """apply_async fails as it does when Redis is unreachable."""

    def __enter__(self) -> None:
        from kombu.exceptions import OperationalError

        from records import tasks

        def refuse(*args, **kwargs):
            raise OperationalError("connection refused")

        self._saved = tasks.index_submission.apply_async
        tasks.index_submission.apply_async = refuse

    def __exit__(self, *exc: object) -> None:
        from records import tasks

        tasks.index_submission.apply_async = self._saved
