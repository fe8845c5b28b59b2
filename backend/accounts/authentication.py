"""DRF authentication for the patient and staff API: `Authorization: Bearer <access JWT>`.

`request.user` is the User and `request.auth` a SessionClaims. No Bearer header means an
anonymous request (the view's permissions decide); a Bearer token that is malformed, forged,
expired, meant for another audience or type, or whose session has ended is a 401.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from accounts.models import User
from accounts.services.sessions import session_resume
from accounts.tokens import InvalidToken, SessionClaims, access_token_read
from common.exceptions import NotAuthenticated

__all__ = ["SessionClaims", "SessionJWTAuthentication", "request_claims", "request_user"]

CHALLENGE = 'Bearer realm="api"'


def _refused() -> NotAuthenticated:
    return NotAuthenticated(
        _("Your session is not valid. Sign in again."),
        code="invalid_token",
        headers={"WWW-Authenticate": f'{CHALLENGE}, error="invalid_token"'},
    )


class SessionJWTAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[User, SessionClaims] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != b"bearer":
            return None
        if len(parts) != 2:
            raise _refused()
        try:
            claims = access_token_read(parts[1].decode("ascii"))
        except (InvalidToken, UnicodeDecodeError):
            raise _refused() from None
        user = session_resume(claims)
        if user is None:
            raise _refused()
        return user, claims

    def authenticate_header(self, request: Any) -> str:
        return CHALLENGE


def request_user(request: Request) -> User:
    """The signed-in User of a request that passed an authenticated permission."""
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated()
    return user


def request_claims(request: Request) -> SessionClaims:
    claims = request.auth
    if not isinstance(claims, SessionClaims):
        raise NotAuthenticated()
    return claims
