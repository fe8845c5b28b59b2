"""Sessions: start, resume on each request, refresh (rotating), end.

A session is one signed-in device and one refresh-token family. Every refresh spends its
token and issues the next; presenting a spent token again, later than the grace allowed for
two parallel refreshes from one device, means a copy is in someone else's hands, so the whole
session is revoked.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuthSession, RefreshToken, Role, User
from accounts.selectors import actor_for, email_verification_overdue
from accounts.tokens import (
    SessionClaims,
    access_token_issue,
    refresh_token_hash,
    refresh_token_new,
)
from audit import services as audit
from audit.models import Outcome
from common.actors import ANONYMOUS, SYSTEM, Actor
from common.exceptions import Forbidden, NotAuthenticated, NotFound

STAFF_ROLES = frozenset({Role.STAFF, Role.OPERATOR})
TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at is written at most this often


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str
    expires_in: int
    session_id: uuid.UUID


def email_unverified() -> Forbidden:
    return Forbidden(
        _("Confirm your email address to continue: we can send the link again."),
        code="email_unverified",
    )


def _lifetime(role: str) -> timedelta:
    if role in STAFF_ROLES:
        return timedelta(hours=settings.ACCOUNTS_STAFF_SESSION_HOURS)
    return timedelta(days=settings.ACCOUNTS_PATIENT_SESSION_DAYS)


def _patient_id(user: User) -> uuid.UUID | None:
    return user.id if user.role == Role.PATIENT else None


def _idle(session: AuthSession, now: datetime) -> bool:
    if session.typ not in STAFF_ROLES:
        return False  # a patient's idle limit is the refresh token's lifetime
    return now - session.last_seen_at > timedelta(minutes=settings.ACCOUNTS_STAFF_IDLE_MINUTES)


def _usable(session: AuthSession, now: datetime) -> bool:
    user = session.user
    return (
        session.revoked_at is None
        and session.expires_at > now
        and user.is_active
        and user.role == session.typ
        and not _idle(session, now)
    )


def _refresh_issue(session: AuthSession, now: datetime) -> str:
    token, digest = refresh_token_new()
    expires = min(now + timedelta(days=settings.ACCOUNTS_REFRESH_TOKEN_DAYS), session.expires_at)
    RefreshToken.objects.create(
        session=session, token_hash=digest, created_at=now, expires_at=expires
    )
    return token


def _pair(session: AuthSession, refresh: str, now: datetime) -> TokenPair:
    claims = SessionClaims(session_id=session.id, user_id=session.user_id, typ=session.typ)
    access, lifetime = access_token_issue(claims=claims, now=now)
    return TokenPair(access=access, refresh=refresh, expires_in=lifetime, session_id=session.id)


def session_start(*, user: User, client_ip: str = "", user_agent: str = "") -> TokenPair:
    """A new session for a user whose credentials were already checked."""
    now = timezone.now()
    with audit.atomic():
        session = AuthSession.objects.create(
            user=user,
            typ=user.role,
            created_at=now,
            last_seen_at=now,
            expires_at=now + _lifetime(user.role),
            user_agent=user_agent[:256],
            client_ip=client_ip[:64],
        )
        refresh = _refresh_issue(session, now)
        User.objects.filter(id=user.id).update(last_login=now)
        audit.record(
            actor=actor_for(user),
            action="auth.login",
            patient_id=_patient_id(user),
            object_type="session",
            object_id=session.id,
        )
    return _pair(session, refresh, now)


def session_resume(claims: SessionClaims) -> User | None:
    """The user behind a verified access token, if its session still stands."""
    session = (
        AuthSession.objects.select_related("user")
        .filter(id=claims.session_id, user_id=claims.user_id, typ=claims.typ)
        .first()
    )
    now = timezone.now()
    if session is None or not _usable(session, now):
        return None
    if now - session.last_seen_at >= TOUCH_EVERY:
        AuthSession.objects.filter(id=session.id).update(last_seen_at=now)
    return session.user


def _revoke(session: AuthSession, *, reason: str, actor: Actor, now: datetime) -> None:
    session.revoked_at = now
    session.revoked_reason = reason
    session.save(update_fields=["revoked_at", "revoked_reason"])
    audit.record(
        actor=actor,
        action="session.revoke",
        patient_id=_patient_id(session.user),
        object_type="session",
        object_id=session.id,
        detail={"reason": reason},
    )


def _reuse(session: AuthSession, now: datetime) -> None:
    audit.record(
        actor=ANONYMOUS,
        action="auth.refresh_reuse",
        outcome=Outcome.DENIED,
        patient_id=_patient_id(session.user),
        object_type="session",
        object_id=session.id,
    )
    if session.revoked_at is None:
        _revoke(session, reason="refresh_reuse", actor=SYSTEM, now=now)


def _rotate(digest: str, now: datetime) -> tuple[AuthSession, str] | None:
    """Spend a refresh token and issue the next; None (after committing any revocation) when
    the token must be refused."""
    grace = timedelta(seconds=settings.ACCOUNTS_REFRESH_REUSE_GRACE_SECONDS)
    with audit.atomic():
        row = (
            RefreshToken.objects.select_for_update()
            .select_related("session__user")
            .filter(token_hash=digest)
            .first()
        )
        if row is None:
            return None
        session = row.session
        if row.used_at is not None and now - row.used_at > grace:
            _reuse(session, now)
            return None
        if not _usable(session, now) or row.expires_at <= now:
            if session.revoked_at is None and _idle(session, now):
                _revoke(session, reason="idle", actor=SYSTEM, now=now)
            return None
        if row.used_at is None:
            row.used_at = now
            row.save(update_fields=["used_at"])
        AuthSession.objects.filter(id=session.id).update(last_seen_at=now)
        return session, _refresh_issue(session, now)


def session_refresh(*, refresh: str) -> TokenPair:
    now = timezone.now()
    rotated = _rotate(refresh_token_hash(refresh), now)
    if rotated is None:
        raise NotAuthenticated(_("Your session has ended. Sign in again."), code="invalid_refresh")
    session, token = rotated
    if email_verification_overdue(session.user):
        raise email_unverified()
    return _pair(session, token, now)


def session_logout(*, refresh: str) -> None:
    """End the session the refresh token belongs to. Unknown tokens change nothing."""
    with audit.atomic():
        row = (
            RefreshToken.objects.select_related("session__user")
            .filter(token_hash=refresh_token_hash(refresh))
            .first()
        )
        if row is None or row.session.revoked_at is not None:
            return
        session = row.session
        _revoke(session, reason="logout", actor=actor_for(session.user), now=timezone.now())


def session_revoke(*, user: User, session_id: uuid.UUID) -> None:
    """Remote logout of one of the user's own devices; another's session is simply not found."""
    with audit.atomic():
        session = (
            AuthSession.objects.select_related("user")
            .filter(id=session_id, user=user, revoked_at__isnull=True)
            .first()
        )
        if session is None:
            raise NotFound()
        _revoke(session, reason="remote_logout", actor=actor_for(user), now=timezone.now())


def sessions_revoke_all(*, user: User, reason: str, keep: uuid.UUID | None = None) -> int:
    """Revoke every live session of the user but `keep`; call inside the caller's audit.atomic."""
    live = AuthSession.objects.filter(user=user, revoked_at__isnull=True)
    if keep is not None:
        live = live.exclude(id=keep)
    count = live.update(revoked_at=timezone.now(), revoked_reason=reason)
    if count:
        audit.record(
            actor=actor_for(user),
            action="session.revoke_all",
            patient_id=_patient_id(user),
            object_type="user",
            object_id=user.id,
            detail={"reason": reason, "count": count},
        )
    return count
