"""What every console view shares: the signed-in check, the idle time-out, the page frame."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from common.errors import render_error
from common.exceptions import DomainError
from staffconsole.assets import assets
from staffconsole.session import Console, IdleTimeout, console_resume, idle_seconds

LOGIN = "/staff/sign-in"
HOME = "/staff/"

View = Callable[..., HttpResponse]


def see_other(url: str) -> HttpResponseRedirect:
    """A 303: after a POST the browser GETs the next page, so reload never re-sends."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def safe_next(value: str | None) -> str:
    """Only a console path: a sign-in link can never send someone off-site."""
    value = value or ""
    ok = value.startswith(HOME) and not value.startswith("//") and "\\" not in value
    return value if ok else HOME


def to_sign_in(request: HttpRequest, **params: str) -> HttpResponseRedirect:
    if request.method == "GET":
        params.setdefault("next", request.get_full_path())
    return see_other(f"{LOGIN}?{urlencode(params)}")


def console_page(view: View) -> View:
    """Signed in through the console, not idle; domain errors as the HTML error page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            console = console_resume(request)
        except IdleTimeout:
            return to_sign_in(request, idle="1")
        if console is None:
            return to_sign_in(request)
        try:
            return view(request, console, *args, **kwargs)
        except DomainError as error:
            return render_error(request.path, error)

    return wrapper


def page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    console: Console | None = None,
    status: int = 200,
) -> HttpResponse:
    frame = {
        "console": console,
        "assets": f"/staff/assets/{assets().digest}/",
        "idle_seconds": idle_seconds(),
    }
    return render(request, template, {**frame, **context}, status=status)
