"""OpenAPI: describe the Bearer access token once for every view that uses it."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object


class SessionJWTScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.SessionJWTAuthentication"
    name = "sessionJWT"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return dict(
            build_bearer_security_scheme_object(
                header_name="AUTHORIZATION",
                token_prefix="Bearer",  # noqa: S106  (a scheme name, not a secret)
                bearer_format="JWT",
            )
        )
