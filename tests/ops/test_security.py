"""docs/security.md lists every URL, and the headers and CORS it promises are what we send."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"
ADMIN = "/admin/"


def routes(patterns: list[Any] | None = None, prefix: str = "/") -> Iterator[str]:
    """Every route as written in the URLconf; the admin site counts as one entry."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            where = prefix + str(pattern.pattern)
            if where == ADMIN:
                yield ADMIN
            else:
                yield from routes(pattern.url_patterns, where)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def listed() -> set[str]:
    """The first column of the endpoint tables, and the admin entry."""
    endpoints = DOC.read_text("utf-8").split("## Endpoints", 1)[1].split("\n## ", 1)[0]
    found = set(re.findall(r"^\| `([^`]+)` \|", endpoints, flags=re.MULTILINE))
    return found | ({ADMIN} if f"`{ADMIN}…`" in endpoints else set())


def test_every_url_is_in_the_security_review() -> None:
    missing = sorted(set(routes()) - listed())
    assert not missing, f"add these to docs/security.md with their review: {missing}"


def test_the_security_review_lists_no_url_that_is_gone() -> None:
    stale = sorted(listed() - set(routes()))
    assert not stale, f"docs/security.md lists routes that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/healthz", "/api/v1/agreements", "/.well-known/smart-configuration", "/viewer/"]
)
def test_pages_send_the_security_headers_and_no_cors(client: Any, path: str) -> None:
    response = client.get(path, HTTP_ORIGIN="https://elsewhere.example")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.django_db
def test_the_api_refuses_cross_origin_preflight_and_shl_allows_it(client: Any) -> None:
    api = client.options("/api/v1/me/timeline", HTTP_ORIGIN="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in api
    shl = client.post("/shl/" + "A" * 43, data=b"{}", content_type="application/json")
    assert shl.status_code in (400, 404) and shl["Access-Control-Allow-Origin"] == "*"
