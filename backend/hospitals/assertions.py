"""SMART Backend Services client assertions (private_key_jwt), checked exactly.

RS384 and ES384 only, the key chosen by `kid` from the client's JWKS, `iss` = `sub` = client
id, `aud` = our token URL (from PUBLIC_BASE_URL), `exp` at most five minutes ahead, and every
`jti` accepted once. Each failure names what to fix, never the token's content.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.exceptions import NotAuthenticated
from hospitals import jwks
from hospitals.models import SystemClient, UsedAssertion

ALGORITHMS = ("RS384", "ES384")
MAX_LIFETIME = 300
CLOCK_SKEW = 30


class InvalidClient(NotAuthenticated):
    code = "invalid_client"


def token_url() -> str:
    return f"{settings.PUBLIC_BASE_URL}/auth/token"


def _header(assertion: str) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(assertion)
    except jwt.PyJWTError:
        raise InvalidClient("The client assertion is not a well-formed JWT.") from None
    if header.get("alg") not in ALGORITHMS:
        raise InvalidClient("The client assertion must be signed with RS384 or ES384.")
    if not isinstance(header.get("kid"), str) or not header["kid"]:
        raise InvalidClient("The client assertion header must name its key (kid).")
    return header


def _client(assertion: str) -> SystemClient:
    try:
        claims = jwt.decode(assertion, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise InvalidClient("The client assertion is not a well-formed JWT.") from None
    iss, sub = claims.get("iss"), claims.get("sub")
    if not isinstance(iss, str) or iss != sub:
        raise InvalidClient("The assertion's iss and sub must both be the client id.")
    client = (
        SystemClient.objects.select_related("organization")
        .filter(client_id=iss, active=True, organization__active=True)
        .first()
    )
    if client is None:
        raise InvalidClient("Unknown or inactive client.")
    return client


def _key(client: SystemClient, kid: str, alg: str) -> Any:
    try:
        for attempt in (False, True):  # a URL's keys are re-fetched once for a new kid
            for jwk in jwks.client_keys(client, refresh=attempt):
                if jwk.get("kid") == kid:
                    return jwt.PyJWK(jwk, algorithm=alg).key
            if not client.jwks_url:
                break
    except jwks.JwksUnavailable as error:
        raise InvalidClient(str(error)) from None
    except (jwt.PyJWTError, TypeError, ValueError):
        raise InvalidClient("The registered key does not fit the assertion's algorithm.") from None
    raise InvalidClient("No registered key has this kid.")


def _verify(assertion: str, key: Any, alg: str) -> dict[str, Any]:
    try:
        return jwt.decode(
            assertion,
            key=key,
            algorithms=[alg],
            audience=token_url(),
            leeway=CLOCK_SKEW,
            options={"require": ["iss", "sub", "aud", "exp", "jti"]},
        )
    except jwt.ExpiredSignatureError:
        raise InvalidClient("The client assertion has expired.") from None
    except jwt.InvalidAudienceError:
        raise InvalidClient(f"The assertion's aud must be {token_url()}.") from None
    except jwt.MissingRequiredClaimError as error:
        raise InvalidClient(f"The assertion must carry the {error.claim} claim.") from None
    except (jwt.PyJWTError, TypeError, ValueError):
        raise InvalidClient("The client assertion's signature does not verify.") from None


def _consume_jti(client: SystemClient, jti: Any, expires: datetime) -> None:
    if not isinstance(jti, str) or not 0 < len(jti) <= 255:
        raise InvalidClient("The assertion's jti must be a string of at most 255 characters.")
    try:
        with transaction.atomic():
            UsedAssertion.objects.create(client=client, jti=jti, expires_at=expires)
    except IntegrityError:
        raise InvalidClient("This client assertion was already used (jti).") from None


def verify_client_assertion(assertion: str) -> tuple[SystemClient, dict[str, Any]]:
    header = _header(assertion)
    client = _client(assertion)
    claims = _verify(assertion, _key(client, header["kid"], header["alg"]), header["alg"])
    expires = datetime.fromtimestamp(int(claims["exp"]), tz=UTC)
    if expires > timezone.now() + timedelta(seconds=MAX_LIFETIME + CLOCK_SKEW):
        raise InvalidClient("The assertion's exp must be at most five minutes ahead.")
    _consume_jti(client, claims["jti"], expires)
    return client, claims
