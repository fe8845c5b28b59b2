"""Dates and times as people read them: in the device's time zone, without seconds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable


def local_time(iso: str) -> str:
    if not iso:
        return ""
    try:
        moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def countdown(seconds: float) -> str:
    seconds = max(int(seconds), 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


def time_left(seconds: float, t: Callable[..., str]) -> str:
    """A countdown that stays readable from half an hour to a month: 29:59, 23:59:59, 6 days
    23:59 (`t` translates the days)."""
    seconds = max(int(seconds), 0)
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    if days:
        return t("time.days", count=days, time=f"{hours}:{rest // 60:02d}")
    if hours:
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
    return countdown(rest)
