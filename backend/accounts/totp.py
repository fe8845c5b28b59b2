"""TOTP (RFC 6238) for staff and operators, with pyotp. The secret is sealed per user."""

from __future__ import annotations

import hmac
from datetime import timedelta

import pyotp
from django.utils import timezone

from accounts import sealed
from accounts.models import User

ISSUER = "PocketChart"
FIELD = "totp_secret"


def totp_secret_new() -> str:
    return pyotp.random_base32()


def totp_seal(user: User, secret: str) -> None:
    """Set (not save) the user's sealed secret; codes from an earlier secret stop working."""
    user.totp_secret = sealed.seal(user, FIELD, secret)
    user.totp_last_step = 0


def totp_of(user: User) -> pyotp.TOTP | None:
    if not user.totp_secret:
        return None
    return pyotp.TOTP(sealed.unseal(user, FIELD, bytes(user.totp_secret)))


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def totp_verify(user: User, code: str | None) -> bool:
    """True once per code: the accepted time step is stored, and older steps are refused.

    One step of clock drift either way is accepted, as authenticator apps drift.
    """
    code = (code or "").replace(" ", "")
    totp = totp_of(user)
    if totp is None or len(code) != 6 or not code.isdigit():
        return False
    now = timezone.now()
    for drift in (-1, 0, 1):
        moment = now + timedelta(seconds=totp.interval * drift)
        if hmac.compare_digest(totp.at(moment), code):
            step = totp.timecode(moment)
            # Compare-and-set in one UPDATE: two requests replaying a code cannot both win.
            won = User.objects.filter(id=user.id, totp_last_step__lt=step).update(
                totp_last_step=step
            )
            return won == 1
    return False
