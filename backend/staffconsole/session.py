"""The console's sign-in: Django's session cookie, password + TOTP, idle time-out.

Credentials go through accounts.services.credentials_check, the path the API login and the
admin login use, so one lockout counter, one throttle and one audit trail cover all three.
The session is marked as a console sign-in that passed TOTP: a session made some other way
(the admin's, say) does not open the console. A session idle for longer than
ACCOUNTS_STAFF_IDLE_MINUTES (the same limit as staff API sessions and the admin) is ended
on its next request, as the Korean safety-measures notice asks.

The console acts for one hospital: the staff member's first active membership, the same
one consultations' staff_actor names in every audit event, so what the page shows and what
the trail records never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import credentials_check
from accounts.services.login import invalid_credentials
from audit import services as audit
from common.actors import ANONYMOUS, Actor
from common.net import client_ip
from consultations.selectors.access import memberships_of, staff_actor
from hospitals.models import Organization, StaffMembership

SIGNED_IN = "staffconsole_user"
SEEN = "staffconsole_seen"
VIA = {"via": "staff_console"}
BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass(frozen=True)
class Console:
    """Who is at the console, and for which hospital."""

    user: User
    membership: StaffMembership

    @property
    def hospital(self) -> Organization:
        return self.membership.organization

    @property
    def hospital_name(self) -> str:
        return self.hospital.name_in(self.user.preferred_language)

    @property
    def actor(self) -> Actor:
        return staff_actor(self.user)


def idle_seconds() -> int:
    return int(settings.ACCOUNTS_STAFF_IDLE_MINUTES * 60)


def _membership(user: User) -> StaffMembership | None:
    if user.role != Role.STAFF:
        return None
    return memberships_of(user).select_related("organization").first()


def console_sign_in(request: HttpRequest, *, email: str, password: str, otp: str) -> Console:
    """Password and TOTP, then a fresh session (login() cycles its key against fixation)."""
    user = credentials_check(email=email, password=password, otp=otp, client_ip=client_ip(request))
    membership = _membership(user)
    if membership is None:
        # Right credentials, but not a hospital's staff: refused like a wrong password.
        audit.record_refusal(
            actor=ANONYMOUS,
            action="auth.login",
            reason="not_hospital_staff",
            object_type="user",
            object_id=user.id,
            detail=VIA,
        )
        raise invalid_credentials()
    login(request, user, backend=BACKEND)
    request.session[SIGNED_IN] = str(user.pk)
    request.session[SEEN] = timezone.now().timestamp()
    audit.record(actor=staff_actor(user), action="auth.login", object_type="session", detail=VIA)
    return Console(user, membership)


def console_sign_out(request: HttpRequest, *, reason: str) -> None:
    user = request.user
    if isinstance(user, User) and request.session.get(SIGNED_IN) == str(user.pk):
        audit.record(
            actor=staff_actor(user),
            action="auth.logout",
            object_type="session",
            detail={**VIA, "reason": reason},
        )
    logout(request)  # flushes the session: nothing of it survives


class IdleTimeout(Exception):
    """The session was idle too long and has just been ended."""


def console_resume(request: HttpRequest) -> Console | None:
    """The console for this request, None when not signed in; IdleTimeout when it lapsed."""
    user = request.user
    if not isinstance(user, User) or request.session.get(SIGNED_IN) != str(user.pk):
        return None
    now = timezone.now().timestamp()
    if now - float(request.session.get(SEEN) or 0) > idle_seconds():
        console_sign_out(request, reason="idle")
        raise IdleTimeout()
    membership = _membership(user)
    if membership is None:  # the membership ended while signed in
        console_sign_out(request, reason="no_membership")
        return None
    request.session[SEEN] = now
    return Console(user, membership)
