"""Checking credentials: password for everyone, plus TOTP for staff and operators.

Every refusal looks the same to the caller (one message, one status) whether the email
exists or not, and an unknown email still costs one password hash, so neither the answer nor
its timing tells who has an account. Refusals are audited without any email: a known user is
named by id, an unknown one not at all.
"""

from __future__ import annotations

from typing import TypeGuard

from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _

from accounts import limits
from accounts.models import Role, User
from accounts.selectors import email_verification_overdue, user_by_email
from accounts.services.sessions import STAFF_ROLES, TokenPair, email_unverified, session_start
from accounts.totp import totp_verify
from audit import services as audit
from common.actors import ANONYMOUS
from common.exceptions import NotAuthenticated


def invalid_credentials() -> NotAuthenticated:
    return NotAuthenticated(
        _("The email, password or code is not correct."), code="invalid_credentials"
    )


def _refused(user: User | None, reason: str, action: str = "auth.login") -> None:
    audit.record_refusal(
        actor=ANONYMOUS,
        action=action,
        reason=reason,
        patient_id=user.id if user is not None and user.role == Role.PATIENT else None,
        object_type="user" if user is not None else "",
        object_id=user.id if user is not None else None,
    )


def _credentials_ok(user: User | None, password: str, otp: str | None) -> TypeGuard[User]:
    if user is None or not user.is_active:
        make_password(password)  # the same hashing cost as a real check
        return False
    if not user.check_password(password):
        return False
    if user.role in STAFF_ROLES:
        return totp_verify(user, otp)
    return True


def credentials_check(*, email: str, password: str, otp: str | None, client_ip: str) -> User:
    """The user these credentials prove, or a refusal that is audited and counted.

    Shared by the API login and the admin login form.
    """
    email = email.strip().lower()
    user = user_by_email(email)
    refusal = limits.login_refusal(email=email, address=client_ip)
    if refusal is not None:
        _refused(user, refusal.code)
        raise refusal
    if not _credentials_ok(user, password, otp):
        locked = limits.failure_record(email=email, address=client_ip)
        _refused(user, "invalid_credentials")
        if locked:
            _refused(user, "too_many_failures", action="auth.lockout")
        raise invalid_credentials()
    limits.failures_clear(email)
    return user


def auth_login(
    *, email: str, password: str, otp: str | None, client_ip: str, user_agent: str
) -> TokenPair:
    user = credentials_check(email=email, password=password, otp=otp, client_ip=client_ip)
    if email_verification_overdue(user):
        _refused(user, "email_unverified")
        raise email_unverified()
    return session_start(user=user, client_ip=client_ip, user_agent=user_agent)
