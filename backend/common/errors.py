"""One exception handler for the whole server: the error's shape follows the caller.

- `/api/`       JSON `{"error": {"code", "message", "fields"}}`
- `/fhir/`      an OperationOutcome, `application/fhir+json`
- `/auth/token` OAuth 2 error JSON (`error`, `error_description`)
- `/shl/`       the SMART Health Links shapes (401 carries `remainingAttempts`)
- `/staff/`, `/consult/` and everything else: an HTML page

Unexpected exceptions become a 500 of the same shape whose body says nothing of the cause.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from rest_framework import exceptions as drf
from rest_framework.response import Response

from common import exceptions as domain

logger = logging.getLogger("pocketchart.errors")

FHIR_JSON = "application/fhir+json"


def _from_drf(exc: drf.APIException) -> domain.DomainError:
    if isinstance(exc, drf.ValidationError):
        return domain.ValidationFailed(fields=_field_messages(exc.detail))
    if isinstance(exc, drf.NotAuthenticated | drf.AuthenticationFailed):
        return domain.NotAuthenticated()
    if isinstance(exc, drf.PermissionDenied):
        return domain.Forbidden()
    if isinstance(exc, drf.NotFound):
        return domain.NotFound()
    if isinstance(exc, drf.Throttled):
        return domain.RateLimited(int(getattr(exc, "wait", None) or 60))
    if isinstance(exc, drf.UnsupportedMediaType):
        return domain.UnsupportedMediaType()
    if isinstance(exc, drf.ParseError):
        return domain.ValidationFailed("The request body is not valid JSON.", code="parse_error")
    if isinstance(exc, drf.NotAcceptable):
        error = domain.DomainError(
            "Ask for application/fhir+json or application/json.", code="not_acceptable"
        )
        error.status = 406
        return error
    if isinstance(exc, drf.MethodNotAllowed):
        error = domain.DomainError("This method is not allowed here.", code="method_not_allowed")
        error.status = 405
        return error
    error = domain.DomainError(code="error")
    error.status = exc.status_code
    return error


def _field_messages(detail: Any) -> dict[str, list[str]]:
    """Field names and DRF's own messages only: DRF never puts the submitted value in them."""
    if isinstance(detail, dict):
        return {
            str(k): [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()
        }
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return {"non_field_errors": [str(detail)]}


def to_domain_error(exc: BaseException) -> domain.DomainError | None:
    if isinstance(exc, domain.DomainError):
        return exc
    if isinstance(exc, Http404):
        return domain.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return domain.Forbidden()
    if isinstance(exc, drf.APIException):
        return _from_drf(exc)
    return None


def operation_outcome(error: domain.DomainError) -> dict[str, Any]:
    issues = error.extra.get("issues")
    if not issues:
        issue: dict[str, Any] = {
            "severity": "error",
            "code": error.fhir_code,
            "diagnostics": error.message,
        }
        if error.expression:
            issue["expression"] = error.expression
        issues = [issue]
    return {"resourceType": "OperationOutcome", "issue": issues}


def render_error(path: str, error: domain.DomainError) -> HttpResponse:
    if path.startswith("/fhir/"):
        response: HttpResponse = JsonResponse(
            operation_outcome(error), status=error.status, content_type=FHIR_JSON
        )
    elif path.startswith("/auth/token"):
        response = JsonResponse(
            {"error": error.code, "error_description": error.message}, status=error.status
        )
        response["Cache-Control"] = "no-store"
    elif path.startswith("/shl/"):
        body = {"error": error.message, **error.extra}
        response = JsonResponse(body, status=error.status)
    elif path.startswith("/api/"):
        body = {"error": {"code": error.code, "message": error.message, "fields": error.fields}}
        response = JsonResponse(body, status=error.status)
    else:
        response = _html_error(error)
    for name, value in error.headers.items():
        response[name] = value
    return response


def _html_error(error: domain.DomainError) -> HttpResponse:
    template = loader.select_template([f"errors/{error.status}.html", "errors/error.html"])
    html = template.render({"status": error.status, "message": error.message})
    return HttpResponse(html, status=error.status)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's hook. Returns a plain Django response: DRF accepts any HttpResponse here."""
    request = context.get("request")
    error = to_domain_error(exc)
    if error is None:
        return None  # unexpected: Django's 500 handler answers, below
    path = request.path if request is not None else "/api/"
    return render_error(path, error)  # type: ignore[return-value]


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request.path, domain.NotFound())


def handler403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request.path, domain.Forbidden())


def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request.path, domain.ValidationFailed("The request was malformed."))


def handler500(request: HttpRequest) -> HttpResponse:
    error = domain.DomainError(
        "Something went wrong on our side. It has been logged.", code="server_error"
    )
    error.status = 500
    error.fhir_code = "exception"
    return render_error(request.path, error)
