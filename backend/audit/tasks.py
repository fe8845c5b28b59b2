"""Periodic checks of the audit chain (scheduled in CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import logging

from celery import shared_task

from audit import services
from audit.models import Outcome
from audit.verify import seal, verify_chain
from common.actors import SYSTEM

logger = logging.getLogger("pocketchart.audit")


@shared_task(name="audit.tasks.verify_chain")
def verify_chain_task() -> bool:
    report = verify_chain()
    if not report.ok:
        logger.error("%s", report.describe())
    services.record(
        actor=SYSTEM,
        action="audit.verify",
        outcome=Outcome.SUCCESS if report.ok else Outcome.FAILURE,
        detail={"checked": report.checked, "first_bad_seq": report.first_bad_seq},
    )
    return report.ok


@shared_task(name="audit.tasks.seal_checkpoint")
def seal_checkpoint() -> int:
    report = seal()
    if not report.ok:
        logger.error("checkpoint not sealed: %s", report.describe())
        return -1
    return report.head_seq
