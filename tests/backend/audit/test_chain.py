"""The audit trail: appended in the change's transaction, chained, tamper-evident."""

import io
import itertools
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from audit import services as audit
from audit.checkpoint import write_checkpoint
from audit.maintenance import restore_append_only, suspend_append_only
from audit.models import AuditEvent
from audit.verify import seal, verify_chain
from common.actors import Actor

ALICE = Actor("patient", "a1", "patient")
pytestmark = pytest.mark.django_db


def record(n: int, action: str = "record.read") -> None:
    for i in range(n):
        audit.record(
            actor=ALICE,
            action=action,
            patient_id="a1",
            object_type="document",
            object_id=f"d{i}",
            purpose="patient-request",
        )


def tamper(sql: str, params: list) -> None:
    suspend_append_only()
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    finally:
        restore_append_only()


def test_events_form_one_unbroken_chain():
    record(5)
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    report = verify_chain()
    assert report.ok and report.checked == 5


def test_an_edited_row_is_reported_at_its_sequence_number():
    record(5)
    tamper("UPDATE audit_auditevent SET actor_id = %s WHERE seq = 3", ["mallory"])
    report = verify_chain()
    assert not report.ok
    assert report.first_bad_seq == 3
    assert "edited" in report.problem


def test_a_deleted_middle_row_is_reported():
    record(5)
    tamper("DELETE FROM audit_auditevent WHERE seq = 2", [])
    report = verify_chain()
    assert not report.ok and report.first_bad_seq == 2
    assert "missing" in report.problem


def test_a_deleted_last_row_is_reported_against_the_checkpoint():
    record(5)
    assert seal().ok
    tamper("DELETE FROM audit_auditevent WHERE seq = 5", [])
    report = verify_chain()
    assert not report.ok
    assert "removed" in report.problem and report.first_bad_seq == 5


def test_a_forged_checkpoint_is_reported(settings):
    record(2)
    seal()
    document = json.loads(settings.AUDIT_CHECKPOINT_PATH.read_text())
    document["seq"] = 1
    settings.AUDIT_CHECKPOINT_PATH.write_text(json.dumps(document))
    report = verify_chain()
    assert not report.ok and "signature" in report.problem


def test_sealing_refuses_to_bless_a_tampered_chain():
    record(3)
    write_checkpoint(0, "0" * 64)
    tamper("UPDATE audit_auditevent SET action = %s WHERE seq = 2", ["nothing"])
    assert not seal().ok


def test_the_database_refuses_updates_and_deletes():
    record(2)
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(actor_id="mallory")
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=2).delete()


def test_a_forked_chain_is_impossible():
    record(1)
    head = AuditEvent.objects.get(seq=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.create(
            seq=1,
            occurred_at=head.occurred_at,
            actor_type="x",
            action="x",
            outcome="success",
            prev_hash=head.prev_hash,
            hash="f" * 64,
        )


def test_events_inside_audit_atomic_are_appended_at_commit_in_order():
    with audit.atomic():
        record(1, "first")
        assert AuditEvent.objects.count() == 0  # buffered until just before commit
        record(1, "second")
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["first", "second"]
    assert verify_chain().ok


def test_events_of_a_rolled_back_inner_block_are_dropped():
    with audit.atomic():
        record(1, "kept")
        with pytest.raises(RuntimeError), audit.atomic():
            record(1, "rolled-back")
            raise RuntimeError("refused")
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["kept"]


def test_detail_holds_ids_and_codes_not_documents():
    with pytest.raises(TypeError):
        audit.record(actor=ALICE, action="x", detail={"resource": {"name": "Kim"}})
    with pytest.raises(ValueError):
        audit.record(actor=ALICE, action="x", detail={"note": "x" * 500})


def test_audit_verify_command_reports_clean_and_broken_chains():
    record(3)
    call_command("audit_verify", stdout=io.StringIO())
    tamper("UPDATE audit_auditevent SET outcome = %s WHERE seq = 2", ["denied"])
    with pytest.raises(CommandError, match="BROKEN at #2"):
        call_command("audit_verify")
