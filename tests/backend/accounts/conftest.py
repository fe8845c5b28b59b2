"""Helpers for the accounts tests: a clock to move instead of sleeping, audit events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from accounts.signing import reset_cache
from audit.models import AuditEvent


class Clock:
    """Patches django.utils.timezone.now, which every accounts module reads."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    frozen = Clock(timezone.now())
    monkeypatch.setattr(timezone, "now", frozen)
    yield frozen


@pytest.fixture(autouse=True)
def _isolated(_fresh_limits: None) -> Iterator[None]:
    """Fresh counters and keys; account emails sent in-process even when CI has a broker."""
    from config.celery import app

    reset_cache()
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def events(action: str | None = None, **filters: Any) -> list[AuditEvent]:
    query = AuditEvent.objects.all()
    if action:
        query = query.filter(action=action)
    return list(query.filter(**filters).order_by("seq"))


def assert_no_email_in_audit(*emails: str) -> None:
    for event in AuditEvent.objects.all():
        text = f"{event.detail} {event.actor_id} {event.object_id} {event.patient_id}"
        for email in emails:
            assert email not in text, f"{event.action} mentions an email"
