"""Signing in (password + TOTP), out, and keeping an active session alive."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_POST

from common.exceptions import NotAuthenticated, RateLimited
from staffconsole.forms import LoginForm
from staffconsole.pages import LOGIN, console_page, page, safe_next, see_other
from staffconsole.session import (
    Console,
    IdleTimeout,
    console_resume,
    console_sign_in,
    console_sign_out,
)


def _form_page(request: HttpRequest, form: LoginForm, status: int = 200) -> HttpResponse:
    notes = {
        "idle": request.GET.get("idle") == "1",
        "signed_out": request.GET.get("signed_out") == "1",
        "next": safe_next(request.GET.get("next")),
    }
    return page(request, "staffconsole/login.html", {"form": form, **notes}, status=status)


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    try:
        if console_resume(request) is not None:
            return see_other(safe_next(request.GET.get("next")))
    except IdleTimeout:
        pass  # the old session is gone: show the form
    if request.method == "GET":
        return _form_page(request, LoginForm())
    form = LoginForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        console_sign_in(request, **form.cleaned_data)
    except (NotAuthenticated, RateLimited) as refused:
        form.add_error(None, refused.message)
        response = _form_page(request, form, status=refused.status)
        for name, value in refused.headers.items():
            response[name] = value
        return response
    return see_other(safe_next(request.GET.get("next")))


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    console_sign_out(request, reason="sign_out")
    return see_other(f"{LOGIN}?signed_out=1")


@require_POST
@console_page
def keep_alive(request: HttpRequest, console: Console) -> HttpResponse:
    """The idle warning's "Stay signed in": resuming the session already moved its clock."""
    return HttpResponse(status=204)
