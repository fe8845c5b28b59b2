"""Searchset Bundles whose `total` and links say only what the reader may see."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone

FHIR_BASE = "/fhir/R4"


def fhir_url(path: str, params: dict[str, str] | None = None) -> str:
    query = f"?{urlencode(params)}" if params else ""
    return f"{settings.PUBLIC_BASE_URL}{FHIR_BASE}/{path}{query}"


def searchset(
    *,
    resources: list[dict[str, Any]],
    total: int,
    self_url: str,
    next_url: str | None,
) -> dict[str, Any]:
    """`total` is the number of matches under the grant (every page), never of all records."""
    links = [{"relation": "self", "url": self_url}]
    if next_url:
        links.append({"relation": "next", "url": next_url})
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "searchset",
        "timestamp": timezone.now().isoformat(),
        "total": total,
        "link": links,
        "entry": [
            {
                "fullUrl": fhir_url(f"{resource['resourceType']}/{resource['id']}"),
                "resource": resource,
                "search": {"mode": "match"},
            }
            for resource in resources
        ],
    }
