"""Portal pages. Thin: find the portal from the link and cookie, call one service or
selector, render. Every form is CSRF-protected; the session cookie lives under /consult/."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_POST

from common.errors import render_error
from common.exceptions import DomainError, Forbidden
from common.net import client_ip
from consultations.apis.base import file_response
from consultations.portal.forms import LicenceForm, MessageForm, PasscodeForm
from consultations.selectors.portal import portal_attachment, portal_page
from consultations.services import portal as service
from consultations.services.files import Upload
from consultations.services.invitations import token_hash
from consultations.zones import SEOUL

COOKIE = "consult_session"
COOKIE_PATH = "/consult/"
POLICY = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)

View = Callable[..., HttpResponse]


def portal_view(view: View) -> View:
    """Domain errors as the HTML error page; every answer uncached and script-free."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except DomainError as error:
            response = render_error(request.path, error)
        response["Cache-Control"] = "no-store"
        response.setdefault("Content-Security-Policy", POLICY)
        # Not the site-wide no-referrer: under it browsers send `Origin: null` with a form
        # POST and Django's CSRF check refuses every form here. same-origin keeps the link
        # token in the path from ever reaching another site.
        response["Referrer-Policy"] = "same-origin"
        return response

    return wrapper


def _portal(request: HttpRequest, token: str) -> service.Portal | None:
    return service.portal_resume(token=token, session_token=request.COOKIES.get(COOKIE, ""))


def _home(token: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(f"/consult/{token}/")
    response.status_code = 303  # after a POST: the browser GETs the page
    return response


def _passcode_page(request: HttpRequest, form: PasscodeForm, status: int = 200) -> HttpResponse:
    return render(request, "consult/passcode.html", {"form": form}, status=status)


@portal_view
@require_GET
def home(request: HttpRequest, token: str) -> HttpResponse:
    portal = _portal(request, token)
    if portal is None:
        return _passcode_page(request, PasscodeForm())
    service.answers_deliver(portal=portal)
    page = portal_page(portal=portal)
    context = {
        **page,
        "token": token,
        "doctor_zone": portal.consultation.home_doctor_time_zone or SEOUL,
        "licence_form": LicenceForm(),
        "message_form": MessageForm(),
    }
    return render(request, "consult/page.html", context)


@portal_view
@require_POST
@csrf_protect
def passcode(request: HttpRequest, token: str) -> HttpResponse:
    form = PasscodeForm(request.POST)
    if not form.is_valid():
        return _passcode_page(request, form, status=400)
    try:
        session_token = service.passcode_redeem(
            token=token, passcode=form.cleaned_data["passcode"], client_ip=client_ip(request)
        )
    except Forbidden as refused:
        form.add_error("passcode", refused.message)
        return _passcode_page(request, form, status=403)
    response = _home(token)
    secure = request.is_secure() or settings.PUBLIC_BASE_URL.startswith("https://")
    response.set_cookie(
        COOKIE,
        session_token,
        max_age=settings.CONSULTATIONS_PORTAL_SESSION_HOURS * 3600,
        path=COOKIE_PATH,
        secure=secure,
        httponly=True,
        samesite="Strict",
    )
    return response


def _required(request: HttpRequest, token: str) -> service.Portal:
    portal = _portal(request, token)
    if portal is None:
        raise Forbidden("Enter the passcode first.", code="no_session")
    return portal


@portal_view
@require_POST
@csrf_protect
def licence(request: HttpRequest, token: str) -> HttpResponse:
    portal = _required(request, token)
    form = LicenceForm(request.POST)
    if not form.is_valid():
        return render(request, "consult/invalid.html", {"form": form, "token": token}, status=400)
    service.licence_state(portal=portal, **form.cleaned_data)
    return _home(token)


@portal_view
@require_POST
@csrf_protect
def message(request: HttpRequest, token: str) -> HttpResponse:
    portal = _required(request, token)
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "consult/invalid.html", {"form": form, "token": token}, status=400)
    files = [
        Upload(content_type=f.content_type or "", data=f.read())
        for f in request.FILES.getlist("files")
    ]
    service.message_post_by_doctor(portal=portal, body=form.cleaned_data["body"], files=files)
    return _home(token)


@portal_view
@require_GET
def attachment(request: HttpRequest, token: str, attachment_id: str) -> HttpResponse:
    portal = _required(request, token)
    content_type, data = portal_attachment(portal=portal, attachment_id=attachment_id)
    return file_response(content_type, data)


@portal_view
@require_POST
@csrf_protect
def sign_out(request: HttpRequest, token: str) -> HttpResponse:
    cookie = request.COOKIES.get(COOKIE, "")
    if cookie:
        service.PortalSession.objects.filter(
            token_hash=token_hash(cookie), expires_at__gt=timezone.now()
        ).delete()
    response = _home(token)
    response.delete_cookie(COOKIE, path=COOKIE_PATH, samesite="Strict")
    return response
