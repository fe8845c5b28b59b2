"""Who is calling: the client address, honouring only the proxies we trust."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address of the client, believing X-Forwarded-For for TRUSTED_PROXY_COUNT hops only.

    Each trusted proxy appends the address it saw; anything to the left of those entries was
    written by the client and may be forged, so it is never used.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return _normalise(remote)
    forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [p for p in forwarded if p]
    if len(forwarded) < hops:
        return _normalise(remote)
    return _normalise(forwarded[-hops])


def _normalise(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "unknown"


def user_agent(request: HttpRequest) -> str:
    return (request.META.get("HTTP_USER_AGENT", "") or "")[:256]
