"""Housekeeping: forget used assertions, tokens and link codes once they expired."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from hospitals.models import LinkCode, SystemToken, UsedAssertion


@shared_task(name="hospitals.tasks.purge_expired")
def purge_expired() -> int:
    now = timezone.now()
    removed = UsedAssertion.objects.filter(expires_at__lt=now - timedelta(minutes=5)).delete()[0]
    removed += SystemToken.objects.filter(expires_at__lt=now).delete()[0]
    removed += LinkCode.objects.filter(expires_at__lt=now - timedelta(days=1)).delete()[0]
    return removed
