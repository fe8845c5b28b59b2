"""Celery tasks: take ids (or nothing), call one service, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from exports.services import export_build, exports_purge_expired, exports_requeue_stale


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def build_export(job_id: str) -> None:
    export_build(job_id=job_id)


@shared_task
def purge_expired_exports() -> int:
    """Beat: delete archives past their window; queue again jobs that were lost."""
    exports_requeue_stale()
    return exports_purge_expired()
