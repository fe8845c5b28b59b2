"""Ids from URLs: a malformed id is simply not found (the same 404 as a missing one)."""

from __future__ import annotations

import uuid

from common.exceptions import NotFound


def uuid_or_404(value: object) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        raise NotFound() from None
