"""DRF authentication and permission for hospital systems on the FHIR endpoints."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from common.exceptions import Forbidden, NotAuthenticated
from hospitals.principal import SystemPrincipal
from hospitals.tokens import principal_for


class SystemTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[SystemPrincipal, str] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthenticated("Send a bearer token from /auth/token.")
        return principal_for(token.strip()), token.strip()

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="fhir"'


class HasSystemScope(BasePermission):
    """The view names `required_scope`; the token must carry it."""

    def has_permission(self, request: Request, view: Any) -> bool:
        principal = request.user
        if not isinstance(principal, SystemPrincipal):
            raise NotAuthenticated("Send a bearer token from /auth/token.")
        scope = getattr(view, "required_scope", None)
        if scope is None or not principal.allows(scope):
            raise Forbidden(f"This needs the scope {scope}.")
        return True
