"""Celery tasks: take ids, call one service, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from records.services import submission_index, submissions_sweep


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
)
def index_submission(submission_id: str) -> str:
    return submission_index(submission_id=submission_id)


@shared_task
def sweep_pending_submissions() -> int:
    return submissions_sweep()
