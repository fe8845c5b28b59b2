"""Audit retention: which sealed segments may go, never below the legal minimums.

Access logs are kept at least AUDIT_RETENTION_DAYS (2 years, safety-measures notice Art. 8),
permission changes at least PERMISSION_CHANGE_RETENTION_DAYS (3 years, Art. 5). A segment goes
only whole and only from the old end of the chain, so one that holds a permission change
younger than 3 years stops the purge there, and everything after it stays too.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from audit import services as audit
from audit.models import AuditSegment
from audit.segments import seal_segments, segments_purge
from audit.verify import seal, verify_chain
from common.actors import Actor
from consent.review import PERMISSION_ACTIONS

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")  # the law's days are Korean calendar days
# Grants, links and transfer consents (consent.review), and the staff accounts, second
# factors and hospital clients that carry access rights.
PERMISSION_CHANGE_ACTIONS = (
    *PERMISSION_ACTIONS,
    "account.create",
    "account.totp_reset",
    "account.deactivate",
    "system_client.register",
)


class PurgeRefused(Exception):
    """The date is inside a legal retention period, or the chain does not verify."""


@dataclass
class PurgePlan:
    cutoff: datetime
    segments: list[AuditSegment] = field(default_factory=list)
    held: AuditSegment | None = None  # the first expired segment kept for permission changes

    @property
    def events(self) -> int:
        return sum(s.events for s in self.segments)


def floors(now: datetime) -> tuple[datetime, datetime]:
    return (
        now - timedelta(days=settings.AUDIT_RETENTION_DAYS),
        now - timedelta(days=settings.PERMISSION_CHANGE_RETENTION_DAYS),
    )


def purge_plan(*, before: date, now: datetime | None = None) -> PurgePlan:
    now = now or timezone.now()
    cutoff = datetime.combine(before, time.min, tzinfo=SEOUL)
    access_floor, permission_floor = floors(now)
    if cutoff > access_floor:
        raise PurgeRefused(
            f"--before {before} is inside the {settings.AUDIT_RETENTION_DAYS}-day retention of "
            f"access logs: the latest allowed is {access_floor.astimezone(SEOUL).date()}"
        )
    plan = PurgePlan(cutoff)
    for segment in AuditSegment.objects.filter(purged_at__isnull=True).order_by("first_seq"):
        if segment.last_at >= cutoff:
            break
        if segment.permission_changes and segment.last_at >= permission_floor:
            plan.held = segment
            break
        plan.segments.append(segment)
    return plan


def audit_purge(*, before: date, actor: Actor, now: datetime | None = None) -> PurgePlan:
    """Verify, seal finished months, purge what the plan allows, record it, re-seal."""
    report = verify_chain()
    if not report.ok:
        raise PurgeRefused(f"the chain must verify before a purge: {report.describe()}")
    seal_segments(slow_actions=PERMISSION_CHANGE_ACTIONS, now=now)
    plan = purge_plan(before=before, now=now)
    with audit.atomic():
        deleted = segments_purge(plan.segments)
        audit.record(
            actor=actor, action="audit.purge", object_type="audit_segment",
            detail={
                "before": before.isoformat(), "segments": len(plan.segments), "events": deleted,
                "first_seq": plan.segments[0].first_seq if plan.segments else None,
                "last_seq": plan.segments[-1].last_seq if plan.segments else None,
            },
        )  # fmt: skip
    seal()
    return plan
