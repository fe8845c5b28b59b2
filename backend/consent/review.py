"""The monthly access review the safety-measures notice (Art. 8) asks operators to keep.

Reads the audit trail for one calendar month (Asia/Seoul) and reports: actors with unusual
volumes, reads outside office hours, refusals, permission changes, grants about to expire,
and the retention settings in force. Ids and counts only: the report holds no health data
and no names, so it can be filed where operators keep their records.
"""

from __future__ import annotations

import statistics
import zoneinfo
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from audit.models import AuditEvent
from consent.models import Grant, GrantStatus
from consent.services.access import ACCESS_PREFIX

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
OFFICE_HOURS = (time(8, 0), time(20, 0))  # local time; weekends are off-hours all day
PERMISSION_ACTIONS = (
    "consent.grant.create",
    "consent.grant.revoke",
    "consent.transfer.give",
    "consent.transfer.withdraw",
    "link.create",
    "link.revoke",
)
SAMPLE = 20  # sequence numbers listed per finding, enough to start an investigation


@dataclass(frozen=True)
class ReviewOptions:
    month: date  # any day of the month under review
    volume_threshold: int = 200  # reads per actor per month always worth a look
    expiry_days: int = 14


def month_bounds(month: date) -> tuple[datetime, datetime]:
    start = datetime(month.year, month.month, 1, tzinfo=SEOUL)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following


def is_off_hours(moment: datetime) -> bool:
    local = moment.astimezone(SEOUL)
    opens, closes = OFFICE_HOURS
    return local.weekday() >= 5 or not (opens <= local.time() < closes)


def _actor(event: AuditEvent) -> str:
    return f"{event.actor_type}:{event.actor_id}"


def _volumes(reads: list[AuditEvent], threshold: int) -> list[dict[str, Any]]:
    counts = Counter(_actor(e) for e in reads)
    patients: dict[str, set[str]] = defaultdict(set)
    for event in reads:
        patients[_actor(event)].add(event.patient_id)
    median = statistics.median(counts.values()) if counts else 0
    # Three times the typical actor, or the fixed threshold, whichever is lower, flags.
    limit = min(threshold, 3 * median) if len(counts) >= 3 else threshold
    return [
        {"actor": actor, "reads": n, "patients": len(patients[actor]), "limit": limit}
        for actor, n in counts.most_common()
        if n > limit
    ]


def _off_hours(reads: list[AuditEvent]) -> list[dict[str, Any]]:
    late: dict[str, list[int]] = defaultdict(list)
    for event in reads:
        if is_off_hours(event.occurred_at):
            late[_actor(event)].append(event.seq)
    return [
        {"actor": actor, "reads": len(seqs), "seq": seqs[:SAMPLE]}
        for actor, seqs in sorted(late.items(), key=lambda item: -len(item[1]))
    ]


def _refusals(events: list[AuditEvent]) -> dict[str, Any]:
    refused = [e for e in events if e.outcome != "success"]
    return {
        "total": len(refused),
        "by_reason": dict(Counter(str(e.detail.get("reason", "")) for e in refused)),
        "by_actor": dict(Counter(_actor(e) for e in refused).most_common(SAMPLE)),
        "seq": [e.seq for e in refused[:SAMPLE]],
    }


def _near_expiry(days: int) -> list[dict[str, Any]]:
    now = timezone.now()
    grants = Grant.objects.filter(
        status=GrantStatus.ACTIVE, expires_at__gt=now, expires_at__lte=now + timedelta(days=days)
    ).order_by("expires_at")
    return [
        {
            "grant": str(g.id),
            "grantee": f"{g.grantee_type}:{g.grantee_id}",
            "expires_at": g.expires_at.isoformat() if g.expires_at else None,
        }
        for g in grants
    ]


def access_review(options: ReviewOptions) -> dict[str, Any]:
    start, end = month_bounds(options.month)
    events = list(
        AuditEvent.objects.filter(
            occurred_at__gte=start, occurred_at__lt=end, action__startswith=ACCESS_PREFIX
        ).order_by("seq")
    )
    reads = [e for e in events if e.outcome == "success"]
    changes = AuditEvent.objects.filter(
        occurred_at__gte=start, occurred_at__lt=end, action__in=PERMISSION_ACTIONS
    )
    return {
        "month": start.strftime("%Y-%m"),
        "time_zone": "Asia/Seoul",
        "generated_at": timezone.now().isoformat(),
        "reads": len(reads),
        "unusual_volumes": _volumes(reads, options.volume_threshold),
        "off_hours": _off_hours(reads),
        "refusals": _refusals(events),
        "permission_changes": dict(Counter(changes.values_list("action", flat=True))),
        "grants_near_expiry": _near_expiry(options.expiry_days),
        "retention_days": {
            "access_logs": settings.AUDIT_RETENTION_DAYS,
            "permission_changes": settings.PERMISSION_CHANGE_RETENTION_DAYS,
        },
    }
