"""Per-request context that services and the audit log read without threading it through."""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

from common.net import client_ip, user_agent


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    client_ip: str
    user_agent: str


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "phr_request_context", default=None
)


def current_context() -> RequestContext | None:
    return _current.get()


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = RequestContext(
            request_id=uuid.uuid4().hex,
            client_ip=client_ip(request),
            user_agent=user_agent(request),
        )
        token = _current.set(context)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = context.request_id
        return response


# Answers that may carry health data or tokens: no browser or proxy cache may keep them.
NO_STORE_PREFIXES = ("/api/v1/", "/fhir/", "/shl/", "/auth/")


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(NO_STORE_PREFIXES) and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response
