"""Typed views of the server's JSON (docs/api.md). Unknown keys are ignored, so the server
may add fields without breaking installed apps; `raw` keeps the whole answer for the cache."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any


def _str(body: dict[str, Any], key: str, default: str = "") -> str:
    value = body.get(key)
    return default if value is None else str(value)


@dataclass(frozen=True)
class AgreementText:
    kind: str
    version: str
    language: str
    required: bool
    title: str
    text: str

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> AgreementText:
        return cls(
            _str(body, "kind"),
            _str(body, "version"),
            _str(body, "language"),
            bool(body.get("required")),
            _str(body, "title"),
            _str(body, "text"),
        )


@dataclass(frozen=True)
class Registration:
    email: str
    password: str
    name: str
    birth_date: str  # YYYY-MM-DD
    preferred_language: str
    country: str
    time_zone: str
    agreements: list[tuple[str, str]]  # (kind, version) the person agreed to
    passport_number: str | None = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "email": self.email,
            "password": self.password,
            "name": self.name,
            "birth_date": self.birth_date,
            "preferred_language": self.preferred_language,
            "country": self.country,
            "time_zone": self.time_zone,
            "agreements": [
                {"kind": k, "version": v, "language": self.preferred_language}
                for k, v in self.agreements
            ],
        }
        if self.passport_number:
            body["passport_number"] = self.passport_number
        return body


@dataclass(frozen=True)
class Profile:
    id: str
    email: str
    role: str
    name: str
    birth_date: str
    preferred_language: str
    time_zone: str
    country: str
    email_verified: bool

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Profile:
        return cls(
            _str(body, "id"),
            _str(body, "email"),
            _str(body, "role"),
            _str(body, "name"),
            _str(body, "birth_date"),
            _str(body, "preferred_language", "en"),
            _str(body, "time_zone", "Asia/Seoul"),
            _str(body, "country"),
            bool(body.get("email_verified")),
        )


@dataclass(frozen=True)
class DeviceSession:
    id: str
    created_at: str
    last_seen_at: str
    user_agent: str
    current: bool

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> DeviceSession:
        return cls(
            _str(body, "id"),
            _str(body, "created_at"),
            _str(body, "last_seen_at"),
            _str(body, "user_agent"),
            bool(body.get("current")),
        )


@dataclass(frozen=True)
class LinkCode:
    code: str
    expires_at: str
    qr_png: bytes = field(repr=False)

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> LinkCode:
        png = base64.b64decode(_str(body, "qr_png")) if body.get("qr_png") else b""
        return cls(_str(body, "code"), _str(body, "expires_at"), png)


@dataclass(frozen=True)
class HospitalLink:
    id: str
    hospital: str
    country: str
    status: str  # active | revoked
    linked_at: str
    revoked_at: str
    documents: int
    organization_id: str = ""  # what a read grant names

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> HospitalLink:
        organization = body.get("organization") or {}
        return cls(
            _str(body, "id"),
            _str(organization, "name"),
            _str(organization, "country"),
            _str(body, "status", "active"),
            _str(body, "linked_at"),
            _str(body, "revoked_at"),
            int(body.get("documents") or 0),
            _str(organization, "id"),
        )


@dataclass(frozen=True)
class Notification:
    id: str
    kind: str
    title: str
    body: str
    data: dict[str, Any]
    created_at: str
    read: bool

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Notification:
        data = body.get("data")
        return cls(
            _str(body, "id"),
            _str(body, "kind"),
            _str(body, "title"),
            _str(body, "body"),
            data if isinstance(data, dict) else {},
            _str(body, "created_at"),
            bool(body.get("read")),
        )
