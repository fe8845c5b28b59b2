"""Signed, expiring tokens sent by email: email verification and password reset.

Each token carries a fingerprint of what it is about (the email, the password hash), so it
stops working once that changes: a reset token is spent by the reset it allows.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError

from accounts.models import User

VERIFY_SALT = "accounts.verify-email"
RESET_SALT = "accounts.password-reset"


def _fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def verify_token(user: User) -> str:
    return signing.dumps({"u": str(user.id), "e": _fingerprint(user.email)}, salt=VERIFY_SALT)


def reset_token(user: User) -> str:
    return signing.dumps({"u": str(user.id), "p": _fingerprint(user.password)}, salt=RESET_SALT)


def _read(token: str, salt: str, max_age: int) -> dict[str, str] | None:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        return None
    return data if isinstance(data, dict) else None


def _active(user_id: object) -> User | None:
    try:
        return User.objects.filter(id=str(user_id), is_active=True).first()
    except (ValueError, ValidationError):  # not a UUID
        return None


def verify_user(token: str) -> User | None:
    data = _read(token, VERIFY_SALT, settings.ACCOUNTS_EMAIL_LINK_DAYS * 86400)
    user = _active(data.get("u")) if data else None
    if user is None or data is None or data.get("e") != _fingerprint(user.email):
        return None
    return user


def reset_user(token: str) -> User | None:
    data = _read(token, RESET_SALT, settings.ACCOUNTS_PASSWORD_RESET_MINUTES * 60)
    user = _active(data.get("u")) if data else None
    if user is None or data is None or data.get("p") != _fingerprint(user.password):
        return None
    return user
