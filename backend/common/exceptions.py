"""Domain errors. One handler (common.errors) turns each into the shape its caller expects.

Messages are written for the person who must act on them and never contain health data or
the text of another exception.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400
    code = "invalid"
    default_message = "The request could not be processed."
    fhir_code = "invalid"

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
        expression: list[str] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.default_message
        if code:
            self.code = code
        self.fields = fields or {}
        self.expression = expression or []
        self.extra = extra or {}
        self.headers = headers or {}
        super().__init__(self.message)


class ValidationFailed(DomainError):
    status = 400
    code = "invalid"
    default_message = "Some fields are not valid."


class Unprocessable(DomainError):
    status = 422
    code = "unprocessable"
    default_message = "The content was understood but cannot be accepted."
    fhir_code = "processing"


class NotAuthenticated(DomainError):
    status = 401
    code = "not_authenticated"
    default_message = "Sign in to continue."
    fhir_code = "login"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    default_message = "You are not allowed to do this."
    fhir_code = "forbidden"


class NotFound(DomainError):
    """Also raised for things that exist but are not the caller's: the two look the same."""

    status = 404
    code = "not_found"
    default_message = "Not found."
    fhir_code = "not-found"


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_message = "This conflicts with the current state."
    fhir_code = "conflict"


class PayloadTooLarge(DomainError):
    status = 413
    code = "too_large"
    default_message = "The request body is too large."
    fhir_code = "too-long"


class UnsupportedMediaType(DomainError):
    status = 415
    code = "unsupported_media_type"
    default_message = "This content type is not accepted."
    fhir_code = "not-supported"


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"
    default_message = "Too many attempts. Try again later."
    fhir_code = "throttled"

    def __init__(self, retry_after: int, message: str | None = None, **kwargs: Any) -> None:
        headers = {"Retry-After": str(max(1, int(retry_after)))}
        super().__init__(message, headers=headers, **kwargs)
        self.retry_after = max(1, int(retry_after))


class ServiceUnavailable(DomainError):
    status = 503
    code = "unavailable"
    default_message = "The service is temporarily unavailable. Try again shortly."
    fhir_code = "transient"
