"""Guessing limits, kept in Django's cache so every process sees the same counts (Redis in
production).

- Per account: after ACCOUNTS_LOCKOUT_FAILURES failures the email is locked for
  ACCOUNTS_LOCKOUT_MINUTES. Keyed by a hash of the email, not the user, so an unknown email
  locks exactly like a known one and the lock reveals nothing.
- Per address: ACCOUNTS_ADDRESS_FAILURES failures in a fixed window of
  ACCOUNTS_ADDRESS_WINDOW_MINUTES, with the address from common.net.client_ip.

Times come from `django.utils.timezone.now()` and are stored in the values, not only as cache
expiries, so tests move the clock instead of sleeping.
"""

from __future__ import annotations

import hashlib
import math

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import RateLimited


def _key(*parts: str) -> str:
    return ":".join([settings.ACCOUNTS_RATE_NAMESPACE, *parts])


def _email_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def _now() -> float:
    return timezone.now().timestamp()


def _window(minutes: int) -> tuple[int, int]:
    """The current fixed window's index and the seconds left in it."""
    size = minutes * 60
    now = _now()
    return int(now // size), max(1, math.ceil(size - now % size))


def _incr(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout=timeout)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def locked_for(email: str) -> int:
    """Seconds until the email may try again; 0 when it is not locked."""
    until = cache.get(_key("lock", _email_key(email)))
    if until is None:
        return 0
    left = float(until) - _now()
    return math.ceil(left) if left > 0 else 0


def address_blocked_for(address: str) -> int:
    minutes = settings.ACCOUNTS_ADDRESS_WINDOW_MINUTES
    index, left = _window(minutes)
    count = cache.get(_key("addr", address, str(index))) or 0
    return left if int(count) >= settings.ACCOUNTS_ADDRESS_FAILURES else 0


def login_refusal(*, email: str, address: str) -> RateLimited | None:
    """The 429 to answer before even checking the password, or None."""
    locked = locked_for(email)
    if locked:
        return RateLimited(locked, _("Too many failed attempts. Try again later."), code="locked")
    blocked = address_blocked_for(address)
    if blocked:
        return RateLimited(blocked, _("Too many attempts from this network. Try again later."))
    return None


def failure_record(*, email: str, address: str) -> bool:
    """Count one failed login; True when this failure locked the account."""
    minutes = settings.ACCOUNTS_ADDRESS_WINDOW_MINUTES
    index, left = _window(minutes)
    _incr(_key("addr", address, str(index)), timeout=left + 60)
    lock_seconds = settings.ACCOUNTS_LOCKOUT_MINUTES * 60
    counter = _key("fail", _email_key(email))
    if _incr(counter, timeout=lock_seconds) < settings.ACCOUNTS_LOCKOUT_FAILURES:
        return False
    cache.set(_key("lock", _email_key(email)), _now() + lock_seconds, timeout=lock_seconds + 60)
    cache.delete(counter)
    return True


def failures_clear(email: str) -> None:
    cache.delete_many([_key("fail", _email_key(email)), _key("lock", _email_key(email))])


def hit(scope: str, address: str, *, limit: int, minutes: int) -> None:
    """A plain per-address limit for endpoints that send email (register, reset, resend)."""
    index, left = _window(minutes)
    if _incr(_key(scope, address, str(index)), timeout=left + 60) > limit:
        raise RateLimited(left)
