"""Writing notifications. Called inside the caller's transaction: a notification exists only
if what it announces was committed."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
from django.utils import timezone

from common.crypto.envelope import encrypt_field
from common.exceptions import NotFound
from common.ids import uuid_or_404
from notifications.models import Notification


def notification_create(*, user_id: uuid.UUID, kind: str, params: dict[str, Any]) -> Notification:
    notification = Notification(user_id=user_id, kind=kind)
    notification.params_encrypted = encrypt_field(
        user_id,
        orjson.dumps(params),
        table="notifications_notification",
        row_id=notification.id,
        field="params",
    )
    notification.save()
    return notification


def notification_mark_read(*, user_id: uuid.UUID, notification_id: uuid.UUID | str) -> None:
    notification_id = uuid_or_404(notification_id)
    updated = Notification.objects.filter(
        id=notification_id, user_id=user_id, read_at__isnull=True
    ).update(read_at=timezone.now())
    if (
        not updated
        and not Notification.objects.filter(id=notification_id, user_id=user_id).exists()
    ):
        raise NotFound()
