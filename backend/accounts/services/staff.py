"""Creating staff and operator accounts (by an operator, from the command line)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import totp
from accounts.models import Role, User
from accounts.signing import signing_key_create
from audit import services as audit
from common.actors import Actor
from common.exceptions import Conflict, ValidationFailed

STAFF_CREATABLE = frozenset({Role.STAFF, Role.OPERATOR})


@dataclass(frozen=True)
class StaffCreated:
    user: User
    password: str
    totp_secret: str
    provisioning_uri: str


def staff_create(
    *, actor: Actor, email: str, role: str, name: str = "", password: str | None = None
) -> StaffCreated:
    """A staff member or operator with a password and TOTP, ready to sign in.

    The email is taken as verified: the operator who creates the account vouches for it.
    """
    if role not in STAFF_CREATABLE:
        raise ValidationFailed(fields={"role": ["staff or operator"]})
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise Conflict(_("An account with this email already exists."))
    password = password or secrets.token_urlsafe(18)
    secret = totp.totp_secret_new()
    operator = role == Role.OPERATOR
    user = User(email=email, role=role, name=name, email_verified_at=timezone.now())
    user.is_staff = user.is_superuser = operator  # only operators open the Django admin
    user.set_password(password)
    with audit.atomic():
        totp.totp_seal(user, secret)
        user.save()
        audit.record(
            actor=actor,
            action="account.create",
            object_type="user",
            object_id=user.id,
            detail={"role": role},
        )
    return StaffCreated(user, password, secret, totp.provisioning_uri(user, secret))


def staff_totp_reset(*, actor: Actor, user: User) -> str:
    """A new TOTP secret (a lost phone); the old one stops working. Returns the URI."""
    secret = totp.totp_secret_new()
    with audit.atomic():
        totp.totp_seal(user, secret)
        user.save(update_fields=["totp_secret", "totp_last_step"])
        audit.record(
            actor=actor, action="account.totp_reset", object_type="user", object_id=user.id
        )
    return totp.provisioning_uri(user, secret)


def signing_key_rotate(*, actor: Actor) -> str:
    """Add a new access-token signing key; returns its kid."""
    with audit.atomic():
        key = signing_key_create()
        audit.record(
            actor=actor, action="key.signing_rotate", object_type="signing_key", object_id=key.kid
        )
    return key.kid
