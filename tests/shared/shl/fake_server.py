"""A real HTTP server on 127.0.0.1 speaking the SHL manifest protocol, for reader tests.

Routes: `POST /m/<id>` (manifest), `GET /f/<token>` (single-use file location),
`GET /r/<token>` (redirects to `/f/<token>`), `GET /u/<id>?recipient=` (U-flag direct file).
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from shared.shl import ShlPayload, encrypt, new_key

RECIPIENT = "Dr Sato"
FHIR = "application/fhir+json"
SHC = "application/smart-health-card"
BUNDLE = {"resourceType": "Bundle", "type": "document", "entry": []}
CARD = {"verifiableCredential": ["eyJ6aXAiOiJERUYi.x.y"]}


@dataclass
class ServedFile:
    content_type: str
    token: str
    embedded: bool = False


@dataclass
class Link:
    """Server-side state of one shared link."""

    files: list[ServedFile] = field(default_factory=list)
    key: str = field(default_factory=new_key)
    passcode: str | None = None
    attempts_left: int = 5
    active: bool = True
    throttle: list[str] = field(default_factory=list)  # Retry-After values to answer first
    stale_manifests: int = 0  # manifests whose locations are dead on arrival (403)
    redirect_locations: bool = False
    raw_manifest: dict[str, Any] | None = None
    fail_status: int | None = None
    delay: float = 0.0

    def add(self, content_type: str, plaintext: bytes, *, embedded: bool = False) -> None:
        token = encrypt(plaintext, self.key, content_type=content_type, compress=True)
        self.files.append(ServedFile(content_type, token, embedded))


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


class FakeShlServer:
    def __init__(self) -> None:
        self.links: dict[str, Link] = {}
        self.locations: dict[str, str] = {}
        self.requests: list[Recorded] = []
        self.on_manifest: Callable[[int], None] = lambda count: None
        self.manifests_served = 0
        self.lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.app = self
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        # A short poll interval keeps shutdown (and so each test's teardown) fast.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    def start(self) -> FakeShlServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def share(self, link: Link) -> tuple[str, str]:
        """Register a link; return its (manifest url, direct-file url)."""
        link_id = secrets.token_urlsafe(32)
        self.links[link_id] = link
        return f"{self.base_url}/m/{link_id}", f"{self.base_url}/u/{link_id}"

    def calls(self, method: str, prefix: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path.startswith(prefix)]

    def manifest_for(self, link: Link, body: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        if link.raw_manifest is not None:
            return 200, {}, link.raw_manifest
        self.manifests_served += 1
        stale = self.manifests_served <= link.stale_manifests
        limit = body.get("embeddedLengthMax")
        files = [self._entry(f, stale, link.redirect_locations, limit) for f in link.files]
        self.on_manifest(self.manifests_served)
        return 200, {}, {"files": files}

    def _entry(
        self, file: ServedFile, stale: bool, redirect: bool, limit: int | None
    ) -> dict[str, str]:
        if file.embedded and (limit is None or len(file.token) <= limit):
            return {"contentType": file.content_type, "embedded": file.token}
        location_id = secrets.token_urlsafe(16)
        if not stale:
            self.locations[location_id] = file.token
        route = "r" if redirect else "f"
        return {
            "contentType": file.content_type,
            "location": f"{self.base_url}/{route}/{location_id}",
        }


def share(
    server: FakeShlServer, link: Link, *, flag: str = "", exp: int | None = None, label: str = ""
) -> str:
    """Register `link` and return its shlink, pointing at the direct-file route for U links."""
    manifest_url, direct_url = server.share(link)
    url = direct_url if "U" in flag else manifest_url
    return ShlPayload(url, link.key, exp=exp, flag=flag, label=label or None).encode()


def two_files() -> Link:
    """An embedded FHIR Bundle and a SMART Health Card served by location."""
    link = Link()
    link.add(FHIR, json.dumps(BUNDLE).encode(), embedded=True)
    link.add(SHC, json.dumps(CARD).encode())
    return link


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a handler still sleeping must not block shutdown
    app: FakeShlServer


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep pytest output clean

    def do_POST(self) -> None:
        app = self.server.app
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"null")
        self._record(body)
        link = self._link("/m/")
        with app.lock:  # passcode attempts are serialised, as the spec requires
            self._reply(*_manifest_reply(app, link, body))

    def do_GET(self) -> None:
        self._record(None)
        path = urlsplit(self.path).path
        if path.startswith("/u/"):
            link = self._link("/u/")
            if link is None or not link.active:
                return self._reply(404, {}, {})
            return self._reply(200, {}, link.files[0].token.encode())
        if path.startswith("/r/"):
            return self._reply(302, {"Location": "/f/" + path[3:]}, b"")
        token = self.server.app.locations.pop(path.removeprefix("/f/"), None)  # single use
        if token is None:
            return self._reply(403, {}, b"expired")
        self._reply(200, {}, token.encode())

    def _link(self, prefix: str) -> Link | None:
        return self.server.app.links.get(urlsplit(self.path).path.removeprefix(prefix))

    def _record(self, body: Any) -> None:
        parts = urlsplit(self.path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        recorded = Recorded(self.command, parts.path, parse_qs(parts.query), headers, body)
        self.server.app.requests.append(recorded)

    def _reply(self, status: int, headers: dict[str, str], body: Any) -> None:
        if isinstance(body, bytes):
            data, content_type = body, "application/jose"
        else:
            data, content_type = json.dumps(body).encode(), "application/json"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def _manifest_reply(
    app: FakeShlServer, link: Link | None, body: dict[str, Any]
) -> tuple[int, dict[str, str], Any]:
    if link is None or not link.active:
        return 404, {}, {}
    if link.delay:
        time.sleep(link.delay)
    if link.throttle:
        return 429, {"Retry-After": link.throttle.pop(0)}, {}
    if link.fail_status:
        return link.fail_status, {}, {}
    if link.passcode is not None and body.get("passcode") != link.passcode:
        link.attempts_left -= 1
        link.active = link.attempts_left > 0
        return 401, {}, {"remainingAttempts": link.attempts_left}
    return app.manifest_for(link, body)
