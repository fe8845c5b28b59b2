"""Audit retention: sealed monthly segments, purged whole, never inside the legal minimums."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit import services as audit
from audit.models import AuditEvent, AuditSegment
from audit.segments import seal_segments
from audit.verify import verify_chain
from common.actors import SYSTEM, Actor
from ops.retention import PERMISSION_CHANGE_ACTIONS, PurgeRefused, audit_purge

NOW = datetime(2029, 6, 15, 3, 0, tzinfo=UTC)
ALICE = Actor("patient", "a1", "patient")


@pytest.fixture(autouse=True)
def _files(ops_files: Path, db: None) -> Iterator[None]:
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


def events_at(moment: datetime, count: int = 3, action: str = "record.read") -> None:
    with mock.patch("django.utils.timezone.now", return_value=moment):
        for number in range(count):
            audit.record(actor=ALICE, action=action, patient_id="a1", object_id=f"d{number}")


def months_ago(months: int) -> datetime:
    return NOW - timedelta(days=30.5 * months)


def seal_all() -> int:
    return seal_segments(slow_actions=PERMISSION_CHANGE_ACTIONS, now=NOW)


def test_each_finished_month_is_sealed_once_and_the_current_month_never() -> None:
    events_at(months_ago(40))
    events_at(months_ago(39))
    events_at(NOW)
    assert seal_all() == 2 and seal_all() == 0
    first, second = AuditSegment.objects.order_by("first_seq")
    assert (first.first_seq, first.last_seq, second.first_seq, second.last_seq) == (1, 3, 4, 6)
    assert first.last_hash == second.prev_hash == AuditEvent.objects.get(seq=3).hash


def test_expired_segments_go_whole_and_what_remains_still_verifies() -> None:
    events_at(months_ago(40), 4)
    events_at(months_ago(30), 2)
    events_at(months_ago(20), 3)
    plan = audit_purge(before=date(2027, 3, 1), actor=SYSTEM, now=NOW)
    assert [s.events for s in plan.segments] == [4, 2]
    assert AuditEvent.objects.order_by("seq").first().seq == 7
    assert verify_chain().ok
    purge = AuditEvent.objects.get(action="audit.purge")
    assert purge.detail["events"] == 6 and purge.detail["last_seq"] == 6


def test_a_date_inside_the_two_year_retention_is_refused() -> None:
    events_at(months_ago(40))
    with pytest.raises(PurgeRefused, match="retention of access logs"):
        audit_purge(before=date(2028, 1, 1), actor=SYSTEM, now=NOW)
    assert AuditEvent.objects.count() == 3


def test_a_permission_change_younger_than_three_years_holds_its_segment_and_all_after(
    settings: Any,
) -> None:
    events_at(months_ago(40), 2)
    events_at(months_ago(30), 1, action="consent.grant.create")
    events_at(months_ago(28), 2)
    plan = audit_purge(before=date(2027, 6, 1), actor=SYSTEM, now=NOW)
    assert [s.events for s in plan.segments] == [2]
    assert plan.held is not None and plan.held.permission_changes == 1
    assert AuditEvent.objects.filter(action="consent.grant.create").exists()
    assert verify_chain().ok


def test_a_forged_anchor_breaks_verification() -> None:
    events_at(months_ago(40), 2)
    events_at(months_ago(20), 2)
    audit_purge(before=date(2027, 1, 1), actor=SYSTEM, now=NOW)
    AuditSegment.objects.filter(purged_at__isnull=False).update(last_hash="f" * 64)
    report = verify_chain()
    assert not report.ok and "bad signature" in report.problem


def test_events_removed_at_the_start_without_a_purge_are_still_reported() -> None:
    from audit.maintenance import restore_append_only, suspend_append_only

    events_at(months_ago(40), 3)
    suspend_append_only()
    try:
        AuditEvent.objects.filter(seq=1).delete()
    finally:
        restore_append_only()
    report = verify_chain()
    assert not report.ok and report.first_bad_seq == 1


def test_the_purge_leaves_the_append_only_triggers_in_place() -> None:
    from django.db import DatabaseError, transaction

    events_at(months_ago(40), 2)
    events_at(months_ago(20), 2)
    audit_purge(before=date(2027, 1, 1), actor=SYSTEM, now=NOW)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=3).update(actor_id="mallory")


def test_the_command_refuses_inside_the_retention_and_reports_a_purge(capsys: Any) -> None:
    events_at(months_ago(40), 2)
    events_at(months_ago(20), 1)
    with pytest.raises(CommandError, match="retention"):
        call_command("audit_purge", "--before", "2029-01-01")
    call_command("audit_purge", "--before", "2027-01-01", "--dry-run")
    assert "would purge 1 segments, 2 events" in capsys.readouterr().out
    call_command("audit_purge", "--before", "2027-01-01")
    assert "purged 1 segments, 2 events" in capsys.readouterr().out
    assert verify_chain().ok
