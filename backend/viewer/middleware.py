"""Keep a separate viewer host to the viewer alone.

When VIEWER_ORIGIN names its own host, that host is routed to the same Django: without this
middleware it would also answer /api/, /admin/ and the staff pages, and a script that got
into the viewer could use them same-origin. On that host everything but /viewer/ is a 404,
decided before sessions or authentication ever look at the request.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound

VIEWER_PREFIX = "/viewer/"


def separate_viewer_host() -> str | None:
    """The viewer's own host[:port], or None when it shares PUBLIC_BASE_URL's."""
    viewer = urlsplit(settings.VIEWER_ORIGIN).netloc.lower()
    public = urlsplit(settings.PUBLIC_BASE_URL).netloc.lower()
    return viewer if viewer and viewer != public else None


class ViewerHostMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        host = separate_viewer_host()
        on_viewer_host = host is not None and request.get_host().lower() == host
        if on_viewer_host and not request.path.startswith(VIEWER_PREFIX):
            return HttpResponseNotFound(b"Not found.", content_type="text/plain")
        return self.get_response(request)
