"""The SHL protocol endpoints under `/shl/`: plain Django views answering bytes (orjson), with
open CORS (a viewer on any origin must read them, errors included) and no cookies or CSRF
(nothing here authenticates by cookie)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from common.errors import render_error
from common.exceptions import DomainError, PayloadTooLarge, ValidationFailed
from sharing import services

JOSE = "application/jose"
MAX_BODY = 16 * 1024  # recipient, passcode and a number: a few hundred bytes at most
MAX_RECIPIENT = 200
View = Callable[..., HttpResponse]


def _cors(response: HttpResponse, methods: str) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = methods
    response["Access-Control-Allow-Headers"] = "Content-Type"
    response["Access-Control-Expose-Headers"] = "Retry-After"
    response["Access-Control-Max-Age"] = "86400"
    response["Cache-Control"] = "no-store"
    return response


def shl_endpoint(*methods: str) -> Callable[[View], View]:
    """Preflight, method check, the /shl/ error shape and CORS on every answer."""
    allowed = ", ".join([*methods, "OPTIONS"])

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "OPTIONS":
                return _cors(HttpResponse(status=204), allowed)
            try:
                if request.method not in methods:
                    raise _method_not_allowed()
                response = view(request, *args, **kwargs)
            except DomainError as error:
                response = render_error(request.path, error)
            if response.status_code == 405:
                response["Allow"] = allowed
            return _cors(response, allowed)

        return wrapper

    return decorate


def _method_not_allowed() -> DomainError:
    error = DomainError("This method is not allowed here.", code="method_not_allowed")
    error.status = 405
    return error


def _recipient(value: object) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_RECIPIENT:
        raise ValidationFailed(
            f"Say who is opening the link: 'recipient' (1-{MAX_RECIPIENT} characters)."
        )
    return value.strip()


def _manifest_request(request: HttpRequest, manifest_id: str) -> services.ManifestRequest:
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
        raise PayloadTooLarge()
    try:
        body = orjson.loads(request.body)
    except orjson.JSONDecodeError:
        raise ValidationFailed("The body must be a JSON object.") from None
    if not isinstance(body, dict):
        raise ValidationFailed("The body must be a JSON object.")
    passcode, length_max = body.get("passcode"), body.get("embeddedLengthMax")
    if passcode is not None and not isinstance(passcode, str):
        raise ValidationFailed("'passcode' must be a string.")
    if length_max is not None and (
        isinstance(length_max, bool) or not isinstance(length_max, int) or length_max < 0
    ):
        raise ValidationFailed("'embeddedLengthMax' must be a non-negative integer.")
    return services.ManifestRequest(
        manifest_id, _recipient(body.get("recipient")), passcode, length_max
    )


@shl_endpoint("POST", "GET")
def manifest(request: HttpRequest, manifest_id: str) -> HttpResponse:
    """POST: the manifest. GET `?recipient=`: a `U` link's file."""
    if request.method == "GET":
        recipient = _recipient(request.GET.get("recipient"))
        token = services.direct_file(manifest_id=manifest_id, recipient=recipient)
        return HttpResponse(token, content_type=JOSE)
    answer = services.manifest_open(request=_manifest_request(request, manifest_id))
    return HttpResponse(orjson.dumps(answer), content_type="application/json")


@shl_endpoint("GET")
def shared_file(request: HttpRequest, manifest_id: str, file_id: str) -> HttpResponse:
    wanted = services.FileRequest(
        manifest_id=manifest_id,
        file_id=file_id,
        access_id=request.GET.get("a", ""),
        expires=request.GET.get("exp", ""),
        signature=request.GET.get("sig", ""),
    )
    return HttpResponse(services.file_fetch(request=wanted), content_type=JOSE)
