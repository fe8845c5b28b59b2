"""A small, defensive HTTP layer for the reader: URL policy, size caps, timeouts, 429 retries.

Kept apart from the protocol so `reader.py` reads like the spec's steps.
"""

from __future__ import annotations

import ipaddress
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from shared.shl.errors import RateLimited, ResponseTooLarge, ServerError, UnsafeUrl

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS = 5
_DEFAULT_RETRY_AFTER = 1.0


@dataclass(frozen=True)
class HttpOptions:
    """Limits for every request. `sleep` and `clock` are injectable so tests need not wait."""

    timeout: float = 15.0
    max_response_bytes: int = 48 * 1024 * 1024  # a JWE of the 32 MiB plaintext cap, plus slack
    max_retries: int = 3
    max_wait: float = 60.0  # a longer Retry-After is reported instead of silently waited out
    allow_http: bool = False
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    clock: Callable[[], float] = field(default=time.time, repr=False)


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes = field(repr=False)

    def json(self) -> Any:
        """The parsed body, or None when it is not JSON."""
        try:
            return json.loads(self.body)
        except (ValueError, RecursionError):
            return None


class Transport:
    def __init__(self, session: requests.Session, options: HttpOptions) -> None:
        self._session = session
        self._options = options

    def request(self, method: str, url: str, **kwargs: Any) -> Response:
        """Send, waiting out 429 `Retry-After` a bounded number of times."""
        for attempt in range(self._options.max_retries + 1):
            response = self._follow(method, url, **kwargs)
            if response.status != 429:
                return response
            wait = retry_after_seconds(response.headers.get("Retry-After"), self._options.clock)
            if attempt == self._options.max_retries or wait > self._options.max_wait:
                raise RateLimited(wait)
            self._options.sleep(wait)
        raise AssertionError("unreachable: the loop returns or raises")

    def _follow(self, method: str, url: str, **kwargs: Any) -> Response:
        """Follow GET redirects by hand so every hop passes the URL policy. POST bodies carry
        the passcode, so a redirected POST is refused rather than replayed elsewhere."""
        for _ in range(_MAX_REDIRECTS + 1):
            check_url(url, allow_http=self._options.allow_http)
            response = self._send(method, url, **kwargs)
            location = response.headers.get("Location")
            if response.status not in _REDIRECTS or not location:
                return response
            if method != "GET":
                raise ServerError(f"{_host(url)} redirected the manifest request; refusing.")
            url, kwargs = urljoin(url, location), {**kwargs, "params": None}
        raise ServerError(f"{_host(url)} redirected too many times.")

    def _send(self, method: str, url: str, **kwargs: Any) -> Response:
        try:
            with self._session.request(
                method,
                url,
                timeout=self._options.timeout,
                stream=True,
                allow_redirects=False,
                **kwargs,
            ) as raw:
                body = _read_capped(raw, self._options.max_response_bytes, url)
                return Response(raw.status_code, raw.headers, body)
        except requests.Timeout:
            raise ServerError(
                f"{_host(url)} did not answer within {self._options.timeout:g} seconds."
            ) from None
        except requests.RequestException:
            # requests' own message repeats the full URL; ours names only the host.
            raise ServerError(f"Could not reach {_host(url)}; check the network.") from None


def check_url(url: str, *, allow_http: bool) -> None:
    """https anywhere; plain http only to this machine unless allowed, because a manifest
    request carries the passcode and the recipient's name."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme == "https" and host:
        return
    if parts.scheme == "http" and host and (allow_http or _is_loopback(host)):
        return
    raise UnsafeUrl(
        f"Refusing to fetch {parts.scheme or '(no scheme)'}://{host}: "
        "only https links (or http to this computer) are followed."
    )


def retry_after_seconds(value: str | None, clock: Callable[[], float]) -> float:
    """Parse `Retry-After` as delta-seconds or an HTTP-date (RFC 9110 §10.2.3)."""
    if not value:
        return _DEFAULT_RETRY_AFTER
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - clock())
    except (TypeError, ValueError):
        return _DEFAULT_RETRY_AFTER


def _read_capped(raw: requests.Response, limit: int, url: str) -> bytes:
    too_large = ResponseTooLarge(f"{_host(url)} sent more than {limit:,} bytes; refusing.")
    declared = raw.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks, total = [], 0
    for chunk in raw.iter_content(64 * 1024):
        total += len(chunk)
        if total > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host(url: str) -> str:
    return urlsplit(url).hostname or "the server"
