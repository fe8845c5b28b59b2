"""Grants, transfer-abroad consents and the access log (docs/api.md, "Grants, hospital reads
and the access log"): typed views and the calls, mixed into PocketChartClient."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlparse

from shared.api.caller import Caller, mapping, strings, text

API = "/api/v1"


@dataclass(frozen=True)
class Grant:
    id: str
    kind: str  # read | push (a hospital link)
    grantee_type: str  # organization | staff | share | consultation
    grantee_id: str
    grantee_name: str
    recipient_country: str
    purpose: str
    status: str  # active | scheduled | expired | revoked
    starts_at: str
    expires_at: str
    revoked_at: str
    created_at: str
    sections: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    document_ids: list[str] = field(default_factory=list)
    data_from: str = ""
    data_to: str = ""
    transfer_consent_id: str = ""

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Grant:
        return cls(
            text(body, "id"),
            text(body, "kind", "read"),
            text(body, "grantee_type"),
            text(body, "grantee_id"),
            text(body, "grantee_name"),
            text(body, "recipient_country", "KR"),
            text(body, "purpose"),
            text(body, "status"),
            text(body, "starts_at"),
            text(body, "expires_at"),
            text(body, "revoked_at"),
            text(body, "created_at"),
            strings(body, "sections"),
            strings(body, "kinds"),
            strings(body, "document_ids"),
            text(body, "data_from"),
            text(body, "data_to"),
            text(body, "transfer_consent_id"),
        )


@dataclass(frozen=True)
class GrantRequest:
    """A read grant to a hospital: "{hospital} may read {sections} until {expires_at}"."""

    organization_id: str
    purpose: str
    sections: list[str]
    expires_at: str  # an ISO instant
    grantee_type: str = "organization"

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "grantee": {"type": self.grantee_type, "id": self.organization_id},
            "purpose": self.purpose,
            "expires_at": self.expires_at,
        }
        if self.sections:
            body["sections"] = list(self.sections)
        return body


@dataclass(frozen=True)
class TransferTerms:
    recipient_name: str
    country: str
    items: list[str]  # section keys or document kinds, or ["all"]
    starts_at: str
    expires_at: str

    def to_json(self) -> dict[str, Any]:
        return {
            "recipient_name": self.recipient_name,
            "country": self.country,
            "items": list(self.items),
            "starts_at": self.starts_at,
            "expires_at": self.expires_at,
        }


@dataclass(frozen=True)
class TransferPreview:
    language: str
    title: str
    text: str
    digest: str

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> TransferPreview:
        return cls(
            text(body, "language"), text(body, "title"), text(body, "text"), text(body, "digest")
        )


@dataclass(frozen=True)
class TransferConsent:
    id: str
    recipient_name: str
    country: str
    items: list[str]
    starts_at: str
    expires_at: str
    given_at: str
    withdrawn_at: str

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> TransferConsent:
        return cls(
            text(body, "id"),
            text(body, "recipient_name"),
            text(body, "country"),
            strings(body, "items"),
            text(body, "starts_at"),
            text(body, "expires_at"),
            text(body, "given_at"),
            text(body, "withdrawn_at"),
        )


@dataclass(frozen=True)
class AccessEntry:
    """One read of the patient's data by someone else, or one refusal."""

    id: str
    at: str  # in the patient's time zone
    outcome: str  # success | denied
    who_type: str  # hospital | staff | share | consult
    who_name: str
    country: str
    items: list[str]
    reason: str
    description: str  # a sentence in the patient's language

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> AccessEntry:
        who = mapping(body, "who")
        return cls(
            text(body, "id"),
            text(body, "at"),
            text(body, "outcome"),
            text(who, "type"),
            text(who, "name"),
            text(who, "country"),
            strings(body, "items"),
            text(body, "reason"),
            text(body, "description"),
        )


@dataclass(frozen=True)
class AccessLogPage:
    entries: list[AccessEntry]
    before: str | None  # the cursor of the next (older) page

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> AccessLogPage:
        following = body.get("next")
        before = None
        if isinstance(following, str) and "before=" in following:
            before = (parse_qs(urlparse(following).query).get("before") or [""])[0] or None
        items = body.get("results") or []
        return cls([AccessEntry.from_json(i) for i in items if isinstance(i, dict)], before)


@dataclass(frozen=True)
class AgreementState:
    kind: str
    status: str  # given | withdrawn | not_given
    current_version: str

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> AgreementState:
        return cls(text(body, "kind"), text(body, "status"), text(body, "current_version"))


class ConsentCalls:
    def consents(self: Caller) -> list[Grant]:
        body = self._json("GET", f"{API}/me/consents") or {}
        return [Grant.from_json(g) for g in body.get("results", [])]

    def consent(self: Caller, grant_id: str) -> Grant:
        return Grant.from_json(self._json("GET", f"{API}/me/consents/{grant_id}"))

    def give_consent(self: Caller, grant: GrantRequest) -> Grant:
        return Grant.from_json(self._json("POST", f"{API}/me/consents", json=grant.to_json()))

    def revoke_consent(self: Caller, grant_id: str) -> Grant:
        return Grant.from_json(self._json("POST", f"{API}/me/consents/{grant_id}/revoke"))

    def preview_transfer(self: Caller, terms: TransferTerms) -> TransferPreview:
        path = f"{API}/me/transfer-consents/preview"
        return TransferPreview.from_json(self._json("POST", path, json=terms.to_json()))

    def give_transfer(self: Caller, terms: TransferTerms, digest: str) -> str:
        body = {**terms.to_json(), "digest": digest}
        return text(self._json("POST", f"{API}/me/transfer-consents", json=body) or {}, "id")

    def transfer_consents(self: Caller) -> list[TransferConsent]:
        body = self._json("GET", f"{API}/me/transfer-consents") or {}
        return [TransferConsent.from_json(c) for c in body.get("results", [])]

    def withdraw_transfer(self: Caller, consent_id: str) -> None:
        self._call("POST", f"{API}/me/transfer-consents/{consent_id}/withdraw")

    def access_log(self: Caller, before: str | None = None, limit: int = 50) -> AccessLogPage:
        params = {"limit": str(limit), **({"before": before} if before else {})}
        return AccessLogPage.from_json(self._json("GET", f"{API}/me/access-log", params=params))

    def agreements(self: Caller) -> list[AgreementState]:
        body = self._json("GET", f"{API}/me/agreements") or []
        return [AgreementState.from_json(a) for a in body if isinstance(a, dict)]

    def give_agreement(self: Caller, kind: str, version: str, language: str) -> None:
        body = {"kind": kind, "action": "give", "version": version, "language": language}
        self._call("POST", f"{API}/me/agreements", json=body)
