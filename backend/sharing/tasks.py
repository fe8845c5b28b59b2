"""Celery tasks: take ids (or nothing), call one service, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from sharing.services import shares_purge_expired


@shared_task
def purge_expired_shares() -> int:
    return shares_purge_expired()
