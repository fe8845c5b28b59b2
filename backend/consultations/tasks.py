"""Celery tasks: deliver one notice, send the reminders now due. Both are safe to repeat."""

from __future__ import annotations

from celery import shared_task

from consultations.services.delivery import notice_deliver, notices_unsent_requeue
from consultations.services.scheduling import reminders_send


@shared_task(
    name="consultations.tasks.deliver_notice",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=8,
)
def deliver_notice(notice_id: str) -> None:
    notice_deliver(notice_id=notice_id)


@shared_task(name="consultations.tasks.send_reminders")
def send_reminders() -> int:
    """Every few minutes (beat): reminders due now, and notices a lost broker message left."""
    notices_unsent_requeue()
    return reminders_send()
