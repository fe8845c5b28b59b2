"""Headers for everything under /staff/: pages, errors and CSRF refusals alike.

A middleware rather than a decorator, because 404 pages, CSRF failures and the idle
redirect are answered outside the console's views and need the same policy. No inline
script anywhere: the console's one script is a file, so `script-src 'self'` holds. The one
inline style allowed is the shared error page's (templates/errors/error.html), by its hash,
so errors under /staff/ keep their look without opening style-src to injected CSS.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from functools import lru_cache

from django.http import HttpRequest, HttpResponse
from django.template import loader

PREFIX = "/staff/"
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


@lru_cache(maxsize=1)
def _error_page_styles() -> str:
    template = loader.get_template("errors/error.html")
    source = getattr(getattr(template, "template", None), "source", "")
    return "".join(
        f" 'sha256-{base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()}'"
        for css in _STYLE.findall(source)
    )


def content_security_policy() -> str:
    return (
        "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self'; "
        f"style-src 'self'{_error_page_styles()}; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    )


class ConsoleHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(PREFIX):
            return response
        # setdefault: attachments carry their own stricter sandbox policy, assets their cache.
        response.setdefault("Content-Security-Policy", content_security_policy())
        response.setdefault("Cache-Control", "no-store")  # patient data stays off disk caches
        # Not the site-wide no-referrer: under it Chrome sends `Origin: null` with a form
        # POST, which Django's CSRF check must refuse. same-origin still tells other sites
        # nothing, and over https it gives the CSRF check the Referer it requires.
        response["Referrer-Policy"] = "same-origin"
        response["Cross-Origin-Opener-Policy"] = "same-origin"
        response["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        return response
