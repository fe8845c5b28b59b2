"""The operators' monthly access review: a file to keep, built from the audit trail."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from common.actors import Actor
from consent.policy import Decision, Reason
from consent.review import _volumes, is_off_hours
from consent.services import Access, access_logged, access_refused
from tests.backend.consent.conftest import grant

SEOUL = ZoneInfo("Asia/Seoul")


def read_at(moment: datetime, patient_id, actor: Actor, *, refused: bool = False) -> None:
    access = Access(actor=actor, patient_id=patient_id, action="fhir.everything", returned=1)
    with mock.patch("audit.services.timezone.now", return_value=moment):
        if refused:
            access_refused(access=access, decision=Decision(False, Reason.REVOKED))
        else:
            decision = Decision(True, Reason.GRANTED, purposes=("referral",))
            access_logged(access=access, decision=decision)


def review(tmp_path: Path, month: str, **options) -> dict:
    out = StringIO()
    call_command("access_review", month=month, output_dir=str(tmp_path), stdout=out, **options)
    path = Path(out.getvalue().strip())
    assert path.parent == tmp_path and path.name == f"access-review-{month}.json"
    return json.loads(path.read_text())


def test_the_review_reports_off_hours_reads_refusals_and_retention(alice, tmp_path):
    clinic = Actor("hospital", "client-b", "system", "org-b")
    read_at(datetime(2026, 2, 10, 14, 0, tzinfo=SEOUL), alice.id, clinic)  # a Tuesday
    read_at(datetime(2026, 2, 11, 3, 0, tzinfo=SEOUL), alice.id, clinic)  # at night
    read_at(datetime(2026, 2, 12, 10, 0, tzinfo=SEOUL), alice.id, clinic, refused=True)
    read_at(datetime(2026, 3, 1, 3, 0, tzinfo=SEOUL), alice.id, clinic)  # next month
    report = review(tmp_path, "2026-02")
    assert report["reads"] == 2
    [late] = report["off_hours"]
    assert late["actor"] == "hospital:client-b" and late["reads"] == 1
    assert report["refusals"]["total"] == 1
    assert report["refusals"]["by_reason"] == {"revoked": 1}
    assert report["retention_days"] == {"access_logs": 731, "permission_changes": 1096}
    assert str(alice.id) not in json.dumps(report)  # ids of actors and grants, not patients


def test_grants_near_expiry_and_permission_changes_are_listed(alice, hospital_b, tmp_path):
    soon = grant(alice, hospital_b, expires_at=timezone.now() + timedelta(days=3))
    grant(alice, hospital_b, expires_at=timezone.now() + timedelta(days=90))
    report = review(tmp_path, timezone.now().astimezone(SEOUL).strftime("%Y-%m"))
    assert [g["grant"] for g in report["grants_near_expiry"]] == [str(soon.id)]
    assert report["permission_changes"]["consent.grant.create"] == 2


def test_a_month_that_is_not_a_month_is_refused(tmp_path):
    with pytest.raises(CommandError, match="2026-11"):
        call_command("access_review", month="November", output_dir=str(tmp_path))


def test_office_hours_are_weekdays_eight_to_eight_in_seoul():
    assert not is_off_hours(datetime(2026, 2, 10, 8, 0, tzinfo=SEOUL))
    assert is_off_hours(datetime(2026, 2, 10, 20, 0, tzinfo=SEOUL))
    assert is_off_hours(datetime(2026, 2, 14, 11, 0, tzinfo=SEOUL))  # Saturday
    assert is_off_hours(datetime(2026, 2, 10, 22, 0, tzinfo=ZoneInfo("UTC")))  # 07:00 Seoul


@dataclass
class FakeEvent:
    actor_type: str
    actor_id: str
    patient_id: str


def test_an_actor_far_above_the_others_is_flagged_as_unusual():
    events = [FakeEvent("hospital", "busy", f"p{i}") for i in range(40)]
    for quiet in ("a", "b", "c"):
        events += [FakeEvent("hospital", quiet, "p1") for _ in range(5)]
    [flagged] = _volumes(events, threshold=200)
    assert flagged["actor"] == "hospital:busy" and flagged["patients"] == 40
    assert _volumes(events[:40], threshold=200) == []  # one actor alone: only the threshold
