"""Account emails leave through Celery so a slow mail server never holds up a request."""

from __future__ import annotations

from celery import shared_task

from accounts import emails
from accounts.models import User


@shared_task(
    name="accounts.tasks.send_account_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_account_email(user_id: str, kind: str) -> None:
    user = User.objects.filter(id=user_id, is_active=True).first()
    if user is not None and kind in emails.KINDS:
        emails.account_email_send(user=user, kind=kind)
