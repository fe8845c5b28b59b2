"""SMART Health Links the patient makes (docs/api.md, "SMART Health Links"): typed views and
the calls, mixed into PocketChartClient."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from shared.api.caller import Caller, mapping, strings, text

API = "/api/v1"
EXPIRIES = ("30m", "1d", "7d", "30d")  # the server's presets, shortest first


@dataclass(frozen=True)
class ShareAccess:
    at: str
    recipient: str  # the name the recipient typed: a record, not an authentication
    outcome: str  # success | denied
    reason: str

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> ShareAccess:
        return cls(
            text(body, "at"), text(body, "recipient"), text(body, "outcome"), text(body, "reason")
        )


@dataclass(frozen=True)
class Share:
    id: str
    label: str
    flag: str
    status: str  # active | expired | revoked | locked
    created_at: str
    expires_at: str
    revoked_at: str
    recipient_country: str
    summary: bool
    document_ids: list[str]
    entry_count: int
    attempts_left: int | None
    access_count: int
    accesses: list[ShareAccess] = field(default_factory=list)

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Share:
        left = body.get("attempts_left")
        return cls(
            text(body, "id"),
            text(body, "label"),
            text(body, "flag"),
            text(body, "status"),
            text(body, "created_at"),
            text(body, "expires_at"),
            text(body, "revoked_at"),
            text(body, "recipient_country", "KR"),
            bool(body.get("summary")),
            strings(body, "document_ids"),
            int(body.get("entry_count") or 0),
            None if left is None else int(left),
            int(body.get("access_count") or 0),
            [ShareAccess.from_json(a) for a in body.get("accesses") or [] if isinstance(a, dict)],
        )


@dataclass(frozen=True)
class ShareRequest:
    """What to share, for how long, with which passcode, for whom and where."""

    summary: bool
    entry_ids: list[str]
    passcode: str
    label: str
    recipient_country: str
    recipient_name: str
    expiry: str = ""  # one of EXPIRIES, or
    expires_at: str = ""  # an instant (used abroad, to match the transfer consent exactly)

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "summary": self.summary,
            "recipient_country": self.recipient_country,
        }
        if self.entry_ids:
            body["entry_ids"] = list(self.entry_ids)
        for name in ("expiry", "expires_at", "passcode", "label", "recipient_name"):
            value = getattr(self, name)
            if value:
                body[name] = value
        return body


@dataclass(frozen=True)
class CreatedShare:
    link: str  # shlink:/… with the key: shown only now, never stored by the server
    viewer_url: str
    qr_png: bytes = field(repr=False)
    share: Share = field(repr=False)

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> CreatedShare:
        png = base64.b64decode(text(body, "qr_png")) if body.get("qr_png") else b""
        return cls(
            text(body, "link"),
            text(body, "viewer_url"),
            png,
            Share.from_json(mapping(body, "share")),
        )


class SharingCalls:
    def shares(self: Caller) -> list[Share]:
        body = self._json("GET", f"{API}/me/shares") or {}
        return [Share.from_json(s) for s in body.get("results", [])]

    def share(self: Caller, share_id: str) -> Share:
        return Share.from_json(self._json("GET", f"{API}/me/shares/{share_id}"))

    def create_share(self: Caller, request: ShareRequest) -> CreatedShare:
        body = self._json("POST", f"{API}/me/shares", json=request.to_json())
        return CreatedShare.from_json(body)

    def revoke_share(self: Caller, share_id: str) -> Share:
        return Share.from_json(self._json("POST", f"{API}/me/shares/{share_id}/revoke"))
