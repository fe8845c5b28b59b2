"""The console's own stylesheet and script (staffconsole.assets)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from staffconsole.assets import assets

YEAR = 365 * 24 * 3600


@require_safe
def asset(request: HttpRequest, digest: str, name: str) -> HttpResponse:
    bundle = assets()
    found = bundle.files.get(name)
    if digest != bundle.digest or found is None:
        raise Http404()
    body, content_type = found
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response
