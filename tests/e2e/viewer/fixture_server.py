"""A small SMART Health Links server for the viewer's browser tests, built with shared.shl.

It answers like the protocol says (404 for unknown or revoked, 401 with remainingAttempts,
files by location) and records what each request carried, so tests can check the viewer
sends no cookie and no referrer. Mounted by fixture_urls next to the real viewer.
"""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from shared.shl import ShlPayload, encrypt, new_key, new_manifest_id

FHIR_JSON = "application/fhir+json"


@dataclass
class FixtureLink:
    key: str
    token: str
    passcode: str | None
    attempts_left: int
    revoked: bool = False
    requests: list[dict[str, Any]] = field(default_factory=list)


_LINKS: dict[str, FixtureLink] = {}
_LOCK = threading.Lock()  # the live server answers on its own thread


def make_link(
    base_url: str,
    bundle: dict[str, Any],
    *,
    passcode: str | None = None,
    attempts: int = 5,
    exp: int | None = None,
    label: str | None = None,
) -> tuple[str, FixtureLink]:
    """A viewer URL for `bundle`, encrypted (zip DEF) under a fresh key, and its record."""
    key, manifest_id = new_key(), new_manifest_id()
    data = json.dumps(bundle).encode()
    token = encrypt(data, key, content_type=FHIR_JSON, compress=True)
    link = FixtureLink(key, token, passcode, attempts)
    with _LOCK:
        _LINKS[manifest_id] = link
    payload = ShlPayload(
        url=f"{base_url}/shl/{manifest_id}",
        key=key,
        exp=exp,
        flag="P" if passcode else "",
        label=label,
    )
    return payload.encode(f"{base_url}/viewer/"), link


def _seen(link: FixtureLink, request: HttpRequest) -> None:
    link.requests.append(
        {
            "method": request.method,
            "path": request.path,
            "cookie": request.headers.get("Cookie"),
            "referer": request.headers.get("Referer"),
            "body": request.body.decode() if request.method == "POST" else None,
        }
    )


@csrf_exempt
def manifest(request: HttpRequest, manifest_id: str) -> HttpResponse:
    with _LOCK:
        link = _LINKS.get(manifest_id)
        if link is None:
            return JsonResponse({"error": "not found"}, status=404)
        _seen(link, request)
        if link.revoked or request.method != "POST":
            return JsonResponse({"error": "not found"}, status=404)
        body = json.loads(request.body)
        if link.passcode is not None and body.get("passcode") != link.passcode:
            if link.attempts_left == 0:
                return JsonResponse({"error": "not found"}, status=404)
            link.attempts_left -= 1
            return JsonResponse({"remainingAttempts": link.attempts_left}, status=401)
    location = request.build_absolute_uri(f"/shl/{manifest_id}/file/{secrets.token_urlsafe(8)}")
    return JsonResponse({"files": [{"contentType": FHIR_JSON, "location": location}]})


def shared_file(request: HttpRequest, manifest_id: str, file_id: str) -> HttpResponse:
    with _LOCK:
        link = _LINKS.get(manifest_id)
        if link is None or link.revoked:
            return JsonResponse({"error": "not found"}, status=404)
        _seen(link, request)
    return HttpResponse(link.token, content_type="application/jose")
