"""Periodic operations work (scheduled in CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import logging

from celery import shared_task

from audit.segments import seal_segments
from audit.verify import seal
from ops.retention import PERMISSION_CHANGE_ACTIONS

logger = logging.getLogger("pocketchart.ops")


@shared_task(name="ops.tasks.seal_audit_segments")
def seal_audit_segments() -> int:
    """Seal last month's audit events into a segment, after a clean check of new events."""
    report = seal()
    if not report.ok:
        logger.error("segments not sealed: %s", report.describe())
        return -1
    return seal_segments(slow_actions=PERMISSION_CHANGE_ACTIONS)
