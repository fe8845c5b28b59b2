from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from common.crypto.envelope import data_key_for, decrypt_field
from notifications.models import Notification
from notifications.texts import render


@dataclass(frozen=True)
class NotificationView:
    id: uuid.UUID
    kind: str
    title: str
    body: str
    data: dict[str, Any]
    created_at: datetime
    read: bool


def notifications_for(
    *, user_id: uuid.UUID, language: str, limit: int = 100
) -> list[NotificationView]:
    rows = list(Notification.objects.filter(user_id=user_id).order_by("-created_at")[:limit])
    key = data_key_for(user_id) if rows else b""
    views = []
    for row in rows:
        params = orjson.loads(
            decrypt_field(
                user_id,
                bytes(row.params_encrypted),
                key=key,
                table="notifications_notification",
                row_id=row.id,
                field="params",
            )
        )
        title, body = render(row.kind, language, params)
        views.append(
            NotificationView(
                row.id, row.kind, title, body, params, row.created_at, row.read_at is not None
            )
        )
    return views
