"""Account emails, written in the user's language. Sent by accounts.tasks, never inline."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import links
from accounts.models import User

KINDS = ("verify", "reset", "already_registered")


def _verify(user: User) -> tuple[str, str]:
    query = urlencode({"token": links.verify_token(user)})
    link = f"{settings.PUBLIC_BASE_URL}/api/v1/auth/verify-email?{query}"
    body = _(
        "Welcome to PocketChart. Open this link to confirm your email address "
        "(it works for %(days)d days):\n\n%(link)s\n\n"
        "If you did not create an account, ignore this message."
    ) % {"days": settings.ACCOUNTS_EMAIL_LINK_DAYS, "link": link}
    return _("Confirm your email address"), body


def _reset(user: User) -> tuple[str, str]:
    body = _(
        "Someone asked to reset your PocketChart password. If it was you, enter this code in "
        "the app within %(minutes)d minutes:\n\n%(token)s\n\n"
        "If it was not you, ignore this message: your password has not changed."
    ) % {"minutes": settings.ACCOUNTS_PASSWORD_RESET_MINUTES, "token": links.reset_token(user)}
    return _("Reset your password"), body


def _already_registered(user: User) -> tuple[str, str]:
    body = _(
        "Someone tried to create a PocketChart account with this email address, which already "
        "has one. If it was you, sign in, or reset your password if you have forgotten it. "
        "If it was not you, ignore this message."
    )
    return _("You already have an account"), body


def account_email_send(*, user: User, kind: str) -> None:
    compose = {"verify": _verify, "reset": _reset, "already_registered": _already_registered}
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject, body = compose[kind](user)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
