"""The recipients' viewer: one page and its files, with headers that leave a script in it
as little power as possible (docs/decisions.md, "Viewer").

Nothing here reads or sets a cookie, touches the session or the user, or sees the link: the
link lives in the URL fragment, which browsers never send.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, HttpResponseRedirect
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from shared.terminology import LANGUAGES
from viewer.assets import assets
from viewer.middleware import separate_viewer_host

LANGUAGE_NAMES = {
    "ko": "한국어",
    "en": "English",
    "ja": "日本語",
    "zh-Hans": "简体中文",
    "zh-Hant": "繁體中文",
    "th": "ไทย",
}
YEAR = 365 * 24 * 3600


def api_origin() -> str:
    """Where manifests live: the page may connect there and nowhere else."""
    parts = urlsplit(settings.PUBLIC_BASE_URL)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy() -> str:
    connect = "'self'" if not separate_viewer_host() else f"'self' {api_origin()}"
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; "
        f"connect-src {connect}; img-src 'self' data:; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )


def _harden(response: HttpResponse) -> HttpResponse:
    response["Content-Security-Policy"] = content_security_policy()
    response["Referrer-Policy"] = "no-referrer"
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Frame-Options"] = "DENY"
    response["Cross-Origin-Opener-Policy"] = "same-origin"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    return response


@require_safe
def viewer_page(request: HttpRequest) -> HttpResponse:
    host = separate_viewer_host()
    if host is not None and request.get_host().lower() != host:
        # The browser keeps the #shlink:/… fragment across the redirect; no server sees it.
        return HttpResponseRedirect(f"{settings.VIEWER_ORIGIN}/viewer/")
    bundle = assets()
    html = render_to_string(
        "viewer/index.html",
        {
            "assets": f"/viewer/assets/{bundle.digest}/",
            "api_origin": api_origin(),
            "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        },
    )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return _harden(response)


@require_safe
def viewer_asset(request: HttpRequest, digest: str, name: str) -> HttpResponse:
    bundle = assets()
    found = bundle.files.get(name) if digest == bundle.digest else None
    if found is None:
        return _harden(HttpResponseNotFound(b"Not found.", content_type="text/plain"))
    body, content_type = found
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return _harden(response)
