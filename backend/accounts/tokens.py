"""Access tokens (signed JWT, 10 minutes) and refresh tokens (opaque, stored as SHA-256).

An access token names its session (`sid`); the session is looked up on every request, so
revoking it ends access at once. `aud` is the patient/staff API and `typ` the user's role:
hospital-system tokens (aud .../fhir/R4, typ "system") and tokens of another role are refused.
The algorithm is pinned: the header must say ES256 and name a key we hold.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jwt
from django.conf import settings

from accounts.signing import ALGORITHM, current_private_key, public_key

USER_TYPES = frozenset({"patient", "staff", "operator"})
_REQUIRED = ["iss", "aud", "sub", "sid", "typ", "iat", "exp", "jti"]
# Web processes on different machines disagree by a few seconds; a token minted by one must
# not look "issued in the future" to another.
CLOCK_SKEW_SECONDS = 30


@dataclass(frozen=True)
class SessionClaims:
    """What a verified access token says: set as `request.auth` for every API request."""

    session_id: uuid.UUID
    user_id: uuid.UUID
    typ: str


class InvalidToken(Exception):
    """The token is malformed, forged, expired or not meant for this API."""


def issuer() -> str:
    return settings.PUBLIC_BASE_URL


def audience() -> str:
    return f"{settings.PUBLIC_BASE_URL}/api/v1"


def access_token_issue(*, claims: SessionClaims, now: datetime) -> tuple[str, int]:
    """A signed access token and its lifetime in seconds."""
    lifetime = settings.ACCOUNTS_ACCESS_TOKEN_SECONDS
    issued = int(now.timestamp())
    payload = {
        "iss": issuer(),
        "aud": audience(),
        "sub": str(claims.user_id),
        "sid": str(claims.session_id),
        "typ": claims.typ,
        "iat": issued,
        "exp": issued + lifetime,
        "jti": secrets.token_hex(8),
    }
    key = current_private_key()
    headers = {"kid": key.kid, "typ": "at+jwt"}
    return jwt.encode(payload, key.key, algorithm=ALGORITHM, headers=headers), lifetime


def _header(token: str) -> dict[str, Any]:
    try:
        return jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise InvalidToken("malformed") from None


def access_token_read(token: str) -> SessionClaims:
    header = _header(token)
    if header.get("alg") != ALGORITHM:
        raise InvalidToken("algorithm")
    kid = header.get("kid")
    key = public_key(kid) if isinstance(kid, str) else None
    if key is None:
        raise InvalidToken("unknown kid")
    try:
        payload = jwt.decode(
            token,
            key.key,
            algorithms=[ALGORITHM],
            audience=audience(),
            issuer=issuer(),
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": _REQUIRED},
        )
    except (jwt.PyJWTError, TypeError, ValueError):
        # PyJWT raises TypeError, not a PyJWTError, for a key of the wrong type.
        raise InvalidToken("rejected") from None
    return _claims(payload)


def _claims(payload: dict[str, Any]) -> SessionClaims:
    if payload.get("typ") not in USER_TYPES:
        raise InvalidToken("typ")
    try:
        return SessionClaims(
            session_id=uuid.UUID(str(payload["sid"])),
            user_id=uuid.UUID(str(payload["sub"])),
            typ=str(payload["typ"]),
        )
    except ValueError:
        raise InvalidToken("ids") from None


def refresh_token_new() -> tuple[str, str]:
    """A fresh opaque refresh token and the SHA-256 (hex) under which it is stored."""
    token = secrets.token_urlsafe(32)
    return token, refresh_token_hash(token)


def refresh_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
