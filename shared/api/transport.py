"""HTTP underneath the client: one small Protocol, so tests can swap the network out."""

from __future__ import annotations

import json as jsonlib
from dataclasses import dataclass, field
from typing import Any, Protocol

import requests

from shared.api.errors import Offline


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return jsonlib.loads(self.body) if self.body else None


class Transport(Protocol):
    def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str],
        json: Any = None,
        params: dict[str, str] | None = None,
        data: dict[str, str] | None = None,
        files: list[tuple[str, tuple[str, bytes, str]]] | None = None,
    ) -> Reply: ...


class RequestsTransport:
    """requests with a timeout; any failure to reach the server becomes `Offline`."""

    def __init__(self, timeout: float = 15.0, session: requests.Session | None = None) -> None:
        self.timeout = timeout
        self.session = session or requests.Session()

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str],
        json: Any = None,
        params: dict[str, str] | None = None,
        data: dict[str, str] | None = None,
        files: list[tuple[str, tuple[str, bytes, str]]] | None = None,
    ) -> Reply:
        """`data` and `files` make a multipart body (photos beside a JSON `data` part)."""
        try:
            response = self.session.request(
                method,
                url,
                headers=headers,
                json=json,
                params=params,
                data=data,
                files=files,
                timeout=self.timeout,
            )
        except (requests.ConnectionError, requests.Timeout) as error:
            raise Offline(type(error).__name__) from None
        return Reply(response.status_code, response.content, dict(response.headers))
