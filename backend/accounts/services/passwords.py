"""Changing a password (signed in) and resetting it (by a code sent by email).

Both end the user's other sessions: whoever knew the old password must not stay signed in.
"""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from accounts import limits, links
from accounts.models import Role, User
from accounts.selectors import actor_for, user_by_email
from accounts.services.registration import REGISTRATIONS_PER_HOUR, password_check
from accounts.services.sessions import sessions_revoke_all
from accounts.tasks import send_account_email
from audit import services as audit
from common.actors import ANONYMOUS
from common.exceptions import ValidationFailed


def _patient_id(user: User) -> uuid.UUID | None:
    return user.id if user.role == Role.PATIENT else None


def _set(user: User, password: str, *, action: str, keep: uuid.UUID | None) -> None:
    with audit.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        sessions_revoke_all(user=user, reason=action.rpartition(".")[2], keep=keep)
        audit.record(
            actor=actor_for(user),
            action=action,
            patient_id=_patient_id(user),
            object_type="user",
            object_id=user.id,
        )


def password_change(
    *, user: User, current_password: str, new_password: str, session_id: uuid.UUID
) -> None:
    if not user.check_password(current_password):
        raise ValidationFailed(fields={"current_password": [_("This is not your password.")]})
    password_check(new_password, user, field="new_password")
    _set(user, new_password, action="account.password_change", keep=session_id)


def password_reset_request(*, email: str, client_ip: str) -> None:
    """Email a reset code if the account exists; the answer is the same either way."""
    limits.hit("reset", client_ip, limit=REGISTRATIONS_PER_HOUR, minutes=60)
    user = user_by_email(email)
    if user is None or not user.is_active:
        return
    with audit.atomic():
        audit.record(
            actor=ANONYMOUS,
            action="account.password_reset_request",
            patient_id=_patient_id(user),
            object_type="user",
            object_id=user.id,
        )
    send_account_email.delay(str(user.id), "reset")


def password_reset_confirm(*, token: str, new_password: str) -> None:
    user = links.reset_user(token)
    if user is None:
        raise ValidationFailed(
            _("This code is not valid or has expired. Ask for a new one."), code="invalid_token"
        )
    password_check(new_password, user, field="new_password")
    _set(user, new_password, action="account.password_reset", keep=None)
    limits.failures_clear(user.email)
