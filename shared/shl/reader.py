"""Follow a SMART Health Link end to end: manifest (or direct file), downloads, decryption."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests

from shared.shl import jwe
from shared.shl._http import HttpOptions, Response, Transport
from shared.shl.errors import (
    FileUnavailable,
    LinkExpired,
    LinkNotFound,
    PasscodeRequired,
    ReaderError,
    ServerError,
    WrongPasscode,
)
from shared.shl.payload import ShlPayload, decode

# Logs name hosts and counts only: never the key, the passcode, the link or file content.
logger = logging.getLogger(__name__)

JOSE = "application/jose"
FHIR_JSON = "application/fhir+json"
SMART_HEALTH_CARD = "application/smart-health-card"
SMART_API_ACCESS = "application/smart-api-access"
_JSON_TYPES = frozenset({FHIR_JSON, SMART_HEALTH_CARD, SMART_API_ACCESS, "application/json"})
# The spec forbids dereferencing a `location` more than an hour after the manifest answered.
LOCATION_LIFETIME_SECONDS = 3600
_LOCATION_GONE = frozenset({403, 404, 410})


@dataclass(frozen=True)
class ReaderOptions(HttpOptions):
    """HTTP limits plus the cap on a decrypted, inflated file."""

    max_inflated: int = jwe.DEFAULT_MAX_INFLATED


@dataclass(frozen=True)
class ShlFile:
    """One decrypted file. `json` is the parsed content for JSON types, else None."""

    content_type: str
    data: bytes = field(repr=False)
    json: Any | None = field(default=None, repr=False)


class _LocationGone(Exception):
    """A `location` URL expired or was already used; a fresh manifest may fix it."""


def open_link(
    link: str,
    *,
    recipient: str,
    passcode: str | None = None,
    embedded_length_max: int | None = None,
    session: requests.Session | None = None,
    allow_expired: bool = False,
    options: ReaderOptions | None = None,
) -> list[ShlFile]:
    """Resolve `link` and return its decrypted files, in manifest order."""
    options = options or ReaderOptions()
    payload = decode(link)
    _check_before_request(payload, recipient, passcode, allow_expired, options.clock())
    active_session = session or requests.Session()
    http = Transport(active_session, options)
    try:
        if payload.is_direct_file:
            return [_direct_file(http, payload, recipient, options)]
        body = _manifest_body(payload, recipient, passcode, embedded_length_max)
        return _manifest_files(http, payload, body, options)
    finally:
        if session is None:
            active_session.close()


def _check_before_request(
    payload: ShlPayload, recipient: str, passcode: str | None, allow_expired: bool, now: float
) -> None:
    if not recipient.strip():
        raise ReaderError("Say who is opening the link: a recipient name is required.")
    if payload.exp is not None and payload.exp < now and not allow_expired:
        expired = payload.expires_at
        raise LinkExpired(
            f"This link expired on {expired:%Y-%m-%d %H:%M} UTC; ask the sender for a new one."
        )
    if payload.needs_passcode and not passcode:
        raise PasscodeRequired()


def _manifest_body(
    payload: ShlPayload, recipient: str, passcode: str | None, embedded_length_max: int | None
) -> dict[str, Any]:
    body: dict[str, Any] = {"recipient": recipient}
    # The passcode goes only where the link asks for one, never to a server that did not.
    if payload.needs_passcode:
        body["passcode"] = passcode
    if embedded_length_max is not None:
        body["embeddedLengthMax"] = embedded_length_max
    return body


def _direct_file(
    http: Transport, payload: ShlPayload, recipient: str, options: ReaderOptions
) -> ShlFile:
    response = http.request(
        "GET", payload.url, params={"recipient": recipient}, headers={"Accept": JOSE}
    )
    if response.status == 404:
        raise LinkNotFound()
    _expect_ok(response, payload.url)
    return _decrypt(response.body.decode("ascii", "replace"), payload.key, None, options)


def _manifest_files(
    http: Transport, payload: ShlPayload, body: dict[str, Any], options: ReaderOptions
) -> list[ShlFile]:
    """Download every file; when a `location` has gone stale, re-POST the manifest once."""
    try:
        return _open_manifest(http, payload, body, options)
    except _LocationGone:
        logger.info("SHL file location expired at %s; fetching a fresh manifest", _host(payload))
    try:
        return _open_manifest(http, payload, body, options)
    except _LocationGone:
        raise FileUnavailable(
            "A shared file could not be downloaded even with a fresh manifest; "
            "ask the sender to check the link."
        ) from None


def _post_manifest(
    http: Transport, payload: ShlPayload, body: dict[str, Any]
) -> list[dict[str, Any]]:
    response = http.request("POST", payload.url, json=body)
    if response.status == 401:
        if "passcode" not in body:
            raise PasscodeRequired()
        raise WrongPasscode(_remaining_attempts(response))
    if response.status == 404:
        raise LinkNotFound()
    _expect_ok(response, payload.url)
    manifest = response.json()
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, list) or not all(isinstance(f, dict) for f in files):
        raise ServerError(f"{_host(payload)} sent a manifest without a valid 'files' list.")
    logger.info("SHL manifest from %s lists %d file(s)", _host(payload), len(files))
    return files


def _open_manifest(
    http: Transport, payload: ShlPayload, body: dict[str, Any], options: ReaderOptions
) -> list[ShlFile]:
    # The hour a `location` may be used counts from the manifest *request* (spec wording).
    requested_at = options.clock()
    entries = _post_manifest(http, payload, body)
    return [_open_entry(http, payload, entry, requested_at, options) for entry in entries]


def _open_entry(
    http: Transport,
    payload: ShlPayload,
    entry: dict[str, Any],
    requested_at: float,
    options: ReaderOptions,
) -> ShlFile:
    content_type = entry.get("contentType")
    if not isinstance(content_type, str) or not content_type:
        raise ServerError(f"{_host(payload)} sent a manifest entry without a contentType.")
    token = entry.get("embedded")
    if not isinstance(token, str):
        token = _download(http, payload, entry.get("location"), requested_at, options)
    return _decrypt(token, payload.key, content_type, options)


def _download(
    http: Transport,
    payload: ShlPayload,
    location: object,
    requested_at: float,
    options: HttpOptions,
) -> str:
    if not isinstance(location, str) or not location:
        raise ServerError(f"{_host(payload)} sent a file with neither 'embedded' nor 'location'.")
    if options.clock() - requested_at > LOCATION_LIFETIME_SECONDS:
        raise _LocationGone()
    response = http.request("GET", location, headers={"Accept": JOSE})
    if response.status in _LOCATION_GONE:
        raise _LocationGone()
    _expect_ok(response, location)
    # Content-Type is not enforced: the spec's own U-flag examples are served as text/plain.
    return response.body.decode("ascii", "replace")


def _decrypt(token: str, key: str, manifest_type: str | None, options: ReaderOptions) -> ShlFile:
    cty, data = jwe.decrypt(token, key, max_inflated=options.max_inflated)
    parsed = _parse_json(data)
    # The manifest's contentType is normative; `cty` serves U-flag files, and some senders
    # (the spec's IPS example among them) omit both, so fall back to the content itself.
    content_type = manifest_type or cty or _sniff(parsed)
    is_json = content_type in _JSON_TYPES or content_type.endswith("+json")
    return ShlFile(content_type, data, parsed if is_json else None)


def _parse_json(data: bytes) -> Any | None:
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


def _sniff(parsed: Any | None) -> str:
    if isinstance(parsed, dict):
        if "resourceType" in parsed:
            return FHIR_JSON
        if "verifiableCredential" in parsed:
            return SMART_HEALTH_CARD
        if "access_token" in parsed:
            return SMART_API_ACCESS
    return "application/octet-stream"


def _remaining_attempts(response: Response) -> int | None:
    body = response.json()
    remaining = body.get("remainingAttempts") if isinstance(body, dict) else None
    return remaining if isinstance(remaining, int) and not isinstance(remaining, bool) else None


def _expect_ok(response: Response, url: str) -> None:
    if response.status != 200:
        host = urlsplit(url).hostname or "The server"
        raise ServerError(f"{host} answered HTTP {response.status}; try again later.")


def _host(payload: ShlPayload) -> str:
    return urlsplit(payload.url).hostname or "the link server"
