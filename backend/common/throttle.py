"""Fixed-window attempt counters in the shared cache (Redis in production).

Counters live in the cache so that a limit holds across every web process; the embedded
default (one process) uses the local-memory cache.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache

from common.exceptions import RateLimited


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int
    window_seconds: int


def _key(limit: Limit, subject: str, now: float) -> tuple[str, int]:
    window = int(now // limit.window_seconds)
    reset_in = limit.window_seconds - int(now % limit.window_seconds)
    return f"throttle:{limit.name}:{subject}:{window}", reset_in


def hit(limit: Limit, subject: str, *, now: float | None = None) -> int:
    """Count one attempt; returns the attempts so far in this window."""
    key, reset_in = _key(limit, subject, time.time() if now is None else now)
    cache.add(key, 0, timeout=reset_in + 1)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=reset_in + 1)
        return 1


def check(limit: Limit, subject: str, *, now: float | None = None) -> None:
    """Raise RateLimited when this subject has used up the window."""
    current = time.time() if now is None else now
    key, reset_in = _key(limit, subject, current)
    if int(cache.get(key, 0)) >= limit.attempts:
        raise RateLimited(reset_in)
