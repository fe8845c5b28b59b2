"""Issuing and checking hospital-system access tokens.

Tokens are opaque random strings stored as SHA-256: they live at most 300 s, die with their
client at once, and can never be mistaken for a patient's or staff member's JWT.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from audit import services as audit
from common.actors import Actor
from common.exceptions import DomainError, ValidationFailed
from hospitals.assertions import InvalidClient, verify_client_assertion
from hospitals.models import SystemClient, SystemToken
from hospitals.principal import SystemPrincipal

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


class OAuthError(ValidationFailed):
    """invalid_request, invalid_scope, unsupported_grant_type: 400 with the OAuth code."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_form(form: Any) -> str:
    if form.get("grant_type") != "client_credentials":
        raise OAuthError("grant_type must be client_credentials.", code="unsupported_grant_type")
    if form.get("client_assertion_type") != ASSERTION_TYPE:
        raise OAuthError(f"client_assertion_type must be {ASSERTION_TYPE}.", code="invalid_request")
    assertion = form.get("client_assertion")
    if not isinstance(assertion, str) or not assertion or len(assertion) > 16_384:
        raise OAuthError("client_assertion is required.", code="invalid_request")
    return assertion


def _granted(client: SystemClient, requested: str) -> list[str]:
    wanted = requested.split()
    if not wanted or any(not s.startswith("system/") for s in wanted):
        raise OAuthError("Request system/ scopes, e.g. system/Bundle.c.", code="invalid_scope")
    granted = [s for s in wanted if s in client.allowed_scopes]
    if not granted:
        raise OAuthError(
            "None of the requested scopes is allowed for this client.", code="invalid_scope"
        )
    return granted


def token_issue(*, form: Any) -> dict[str, Any]:
    client: SystemClient | None = None
    try:
        assertion = _require_form(form)
        client, _claims = verify_client_assertion(assertion)
        scopes = _granted(client, str(form.get("scope", "")))
    except DomainError as error:
        actor = Actor("hospital", client.client_id if client else "", "system")
        audit.record_refusal(actor=actor, action="auth.token.issue", reason=error.code)
        raise
    token = secrets.token_urlsafe(32)
    lifetime = min(300, settings.HOSPITAL_TOKEN_SECONDS)
    with audit.atomic():
        SystemToken.objects.create(
            token_hash=_hash(token),
            client=client,
            scopes=" ".join(scopes),
            expires_at=timezone.now() + timedelta(seconds=lifetime),
        )
        audit.record(
            actor=Actor("hospital", client.client_id, "system", str(client.organization_id)),
            action="auth.token.issue",
            object_type="system_client",
            object_id=client.client_id,
            detail={"scopes": scopes},
        )
    return {
        "access_token": token,
        "token_type": "bearer",
        "expires_in": lifetime,
        "scope": " ".join(scopes),
    }


def principal_for(token: str) -> SystemPrincipal:
    row = (
        SystemToken.objects.select_related("client")
        .filter(
            token_hash=_hash(token),
            expires_at__gt=timezone.now(),
            client__active=True,
            client__organization__active=True,
        )
        .first()
    )
    if row is None:
        raise InvalidClient("The access token is unknown or expired.", code="invalid_token")
    return SystemPrincipal(
        client_pk=str(row.client.pk),
        client_id=row.client.client_id,
        organization_id=str(row.client.organization_id),
        scopes=frozenset(row.scopes.split()),
    )
