"""The Django admin asks operators for a TOTP code too, and lets idle sessions lapse.

The admin site object is shared with every app that registers models on it, so instead of
replacing it we give it our login form and our permission check (AdminSite.login_form and
has_permission are its extension points). The login form checks credentials through the
same service as the API (lockout, throttling, audit); a successful check marks the request,
and the `user_logged_in` signal then records in the session that this login passed TOTP.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from common.exceptions import DomainError
from common.net import client_ip

MFA_SESSION_KEY = "accounts_admin_mfa"
SEEN_SESSION_KEY = "accounts_admin_seen"
_MFA_REQUEST_ATTR = "_accounts_admin_mfa_user"


class OTPAdminAuthenticationForm(AdminAuthenticationForm):
    otp = forms.CharField(label=_("Authenticator code"), max_length=8, strip=True)

    def clean(self) -> dict[str, Any]:
        from accounts.services import credentials_check  # services import models: load late

        email = str(self.cleaned_data.get("username") or "")
        password = str(self.cleaned_data.get("password") or "")
        try:
            user = credentials_check(
                email=email,
                password=password,
                otp=self.cleaned_data.get("otp"),
                client_ip=client_ip(self.request) if self.request else "unknown",
            )
        except DomainError:
            raise self.get_invalid_login_error() from None
        if user.role != Role.OPERATOR:
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(user)  # active and is_staff
        self.user_cache = user
        setattr(self.request, _MFA_REQUEST_ATTR, str(user.pk))
        return self.cleaned_data


def _mark_session(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and getattr(request, _MFA_REQUEST_ATTR, None) == str(user.pk):
        request.session[MFA_SESSION_KEY] = str(user.pk)
        request.session[SEEN_SESSION_KEY] = timezone.now().timestamp()


def has_permission(request: HttpRequest) -> bool:
    user = request.user
    if not (isinstance(user, User) and user.is_active and user.is_staff):
        return False
    if user.role != Role.OPERATOR or request.session.get(MFA_SESSION_KEY) != str(user.pk):
        return False
    seen = float(request.session.get(SEEN_SESSION_KEY) or 0)
    if timezone.now().timestamp() - seen > settings.ACCOUNTS_STAFF_IDLE_MINUTES * 60:
        request.session.pop(MFA_SESSION_KEY, None)  # idle: password and code again
        return False
    request.session[SEEN_SESSION_KEY] = timezone.now().timestamp()
    return True


def install(site: AdminSite) -> None:
    site.login_form = OTPAdminAuthenticationForm
    site.has_permission = has_permission  # type: ignore[method-assign]
    user_logged_in.connect(_mark_session, dispatch_uid="accounts.admin_mfa")
