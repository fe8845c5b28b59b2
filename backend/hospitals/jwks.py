"""Public keys of hospital systems: registered JWKS, or fetched from an allow-listed URL.

A JWKS URL is a server-side request chosen by someone outside: it is fetched only from
hosts on HOSPITAL_JWKS_ALLOWED_HOSTS, over https, never to a private, loopback or link-local
address (unless the setting for local testing allows it), without redirects, with short
timeouts and a size cap.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.utils import timezone

from hospitals.models import SystemClient

logger = logging.getLogger("pocketchart.hospitals")
MAX_JWKS_BYTES = 64 * 1024


class JwksUnavailable(Exception):
    """The client's keys could not be obtained; the message is safe to show the client."""


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    allowed_schemes = {"https", "http"} if settings.HOSPITAL_JWKS_ALLOW_HTTP else {"https"}
    if parts.scheme not in allowed_schemes or not host:
        raise JwksUnavailable("The JWKS URL must be an https URL.")
    if host not in settings.HOSPITAL_JWKS_ALLOWED_HOSTS:
        raise JwksUnavailable("The JWKS URL's host is not on the allow-list.")
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, parts.port or 443)}
    except OSError:
        raise JwksUnavailable("The JWKS URL's host does not resolve.") from None
    for address in addresses:
        ip = ipaddress.ip_address(str(address).split("%")[0])
        private = ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
        if private and not settings.HOSPITAL_JWKS_ALLOW_PRIVATE:
            raise JwksUnavailable("The JWKS URL resolves to a private address.")


def fetch_jwks(url: str) -> dict[str, Any]:
    _check_url(url)
    try:
        with requests.get(
            url,
            timeout=(3, 5),
            allow_redirects=False,
            stream=True,
            headers={"Accept": "application/json"},
        ) as response:
            if response.status_code != 200:
                raise JwksUnavailable(f"The JWKS URL answered {response.status_code}.")
            body = b""
            for chunk in response.iter_content(8192):
                body += chunk
                if len(body) > MAX_JWKS_BYTES:
                    raise JwksUnavailable("The JWKS document is too large.")
    except requests.RequestException:
        raise JwksUnavailable("The JWKS URL could not be reached.") from None
    try:
        document = json.loads(body)
    except ValueError:
        raise JwksUnavailable("The JWKS document is not JSON.") from None
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise JwksUnavailable("The JWKS document has no keys.")
    return document


def client_keys(client: SystemClient, *, refresh: bool = False) -> list[dict[str, Any]]:
    if client.jwks:
        return list(client.jwks.get("keys", []))
    if not client.jwks_url:
        return []
    fresh_until = (client.jwks_fetched_at or timezone.now()) + timedelta(
        seconds=settings.HOSPITAL_JWKS_CACHE_SECONDS
    )
    if refresh or client.jwks_cache is None or timezone.now() >= fresh_until:
        client.jwks_cache = fetch_jwks(client.jwks_url)
        client.jwks_fetched_at = timezone.now()
        client.save(update_fields=["jwks_cache", "jwks_fetched_at"])
    return list((client.jwks_cache or {}).get("keys", []))
