"""Handing submissions to the workers without ever blocking or losing one.

The request publishes after commit, once, without retrying: if the broker is down it logs
and moves on, because the submission row is already committed as `queued` and the sweeper
(a beat task) publishes it again. Workers claim a submission with a conditional UPDATE and
a lease, so a message delivered twice, or a worker killed mid-way, never indexes twice at
the same time; indexing itself rewrites a document's rows, so running it again is harmless.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from records.models import Submission, SubmissionStatus

logger = logging.getLogger("pocketchart.records")

BROKER_ERRORS = (KombuOperationalError, RedisConnectionError, RedisTimeoutError, OSError)


def publish_index(submission_id: uuid.UUID) -> bool:
    """Queue indexing; False (logged) when that failed. Never raises: the push is committed
    by now, the hospital must not see an error for stored data, and the sweeper retries."""
    from records.tasks import index_submission

    try:
        index_submission.apply_async(args=[str(submission_id)], retry=False)
    except BROKER_ERRORS:
        logger.warning("broker unreachable; submission %s left for the sweeper", submission_id)
        return False
    except Exception:
        # Also eager (in-process) indexing that failed: the sweeper runs it again.
        logger.exception("queueing submission %s failed; left for the sweeper", submission_id)
        return False
    return True


def pending() -> Q:
    """Queued for longer than the grace period, or processing with an expired lease."""
    now = timezone.now()
    grace = now - timedelta(seconds=settings.RECORDS_SWEEP_GRACE_SECONDS)
    return Q(status=SubmissionStatus.QUEUED, created_at__lt=grace) | Q(
        status=SubmissionStatus.PROCESSING, lease_until__lt=now
    )


def submissions_sweep(*, limit: int = 500) -> int:
    """Publish every pending submission again; returns how many were published."""
    ids = list(
        Submission.objects.filter(pending())
        .order_by("created_at")
        .values_list("id", flat=True)[:limit]
    )
    published = sum(1 for submission_id in ids if publish_index(submission_id))
    if ids:
        logger.info("sweeper re-queued %s of %s pending submissions", published, len(ids))
    return published


def claim(submission_id: uuid.UUID | str) -> bool:
    """Take the submission for this worker until its lease ends; False if someone has it."""
    now = timezone.now()
    claimable = Q(status=SubmissionStatus.QUEUED) | Q(
        status=SubmissionStatus.PROCESSING, lease_until__lt=now
    )
    updated = Submission.objects.filter(claimable, id=submission_id).update(
        status=SubmissionStatus.PROCESSING,
        lease_until=now + timedelta(seconds=settings.RECORDS_INDEX_LEASE_SECONDS),
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    return updated == 1


def release(submission_id: uuid.UUID | str) -> None:
    """Give a claimed submission back after a transient failure, for the task's retry."""
    Submission.objects.filter(id=submission_id, status=SubmissionStatus.PROCESSING).update(
        status=SubmissionStatus.QUEUED, lease_until=None, updated_at=timezone.now()
    )
