"""The typed client of the patient API (DESIGN.md, docs/api.md), used by the phone app.

Every call goes through `_call`: it adds the access token, and on a 401 asks the TokenKeeper
for a fresh one (refreshed once for all callers) and tries exactly once more.
"""

from __future__ import annotations

from typing import Any

from shared.api.consent import ConsentCalls
from shared.api.consultations import ConsultationCalls
from shared.api.errors import ApiError, Offline, SessionExpired
from shared.api.models import (
    AgreementText,
    DeviceSession,
    HospitalLink,
    LinkCode,
    Notification,
    Profile,
    Registration,
)
from shared.api.records import RecordDetail, Summary, TimelinePage
from shared.api.sharing import SharingCalls
from shared.api.tokens import TokenKeeper, TokenPair
from shared.api.transport import Reply, RequestsTransport, Transport

API = "/api/v1"
PAGE = 200  # timeline entries per request: the server's maximum, fewest round trips


class PocketChartClient(ConsentCalls, SharingCalls, ConsultationCalls):
    """Accounts, records and exports here; grants, links and follow-up in their mixins."""

    def __init__(
        self,
        base_url: str,
        *,
        transport: Transport | None = None,
        tokens: TokenKeeper | None = None,
        language: str = "en",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.transport = transport or RequestsTransport()
        self.tokens = tokens or TokenKeeper()
        self.tokens.refresher = self._refresh
        self.language = language

    # -- plumbing -------------------------------------------------------------------------

    def _send(self, method: str, path: str, token: str | None, **kwargs: Any) -> Reply:
        headers = {"Accept": "application/json", "Accept-Language": self.language}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.transport.request(method, self.base_url + path, headers=headers, **kwargs)

    def _call(self, method: str, path: str, *, auth: bool = True, **kwargs: Any) -> Reply:
        token = self.tokens.access() if auth else None
        reply = self._send(method, path, token, **kwargs)
        if reply.status == 401 and token is not None:
            token = self.tokens.refresh_after(token)
            reply = self._send(method, path, token, **kwargs)
        if reply.status >= 400:
            if reply.status == 401 and auth:
                self.tokens.set(None)
                raise SessionExpired()
            raise ApiError.from_body(reply.status, _json_or_none(reply))
        return reply

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self._call(method, path, **kwargs).json()

    def _refresh(self, refresh: str) -> TokenPair:
        reply = self._send("POST", f"{API}/auth/refresh", None, json={"refresh": refresh})
        if reply.status in (400, 401, 403):
            raise SessionExpired()
        if reply.status >= 400:
            raise ApiError.from_body(reply.status, _json_or_none(reply))
        return TokenPair.from_reply(reply.json())

    # -- signing up and in ----------------------------------------------------------------

    def agreement_texts(self, language: str) -> list[AgreementText]:
        body = self._json("GET", f"{API}/agreements", auth=False, params={"language": language})
        return [AgreementText.from_json(item) for item in body]

    def register(self, registration: Registration) -> str:
        body = self._json("POST", f"{API}/auth/register", auth=False, json=registration.to_json())
        return str((body or {}).get("message", ""))

    def verify_email(self, token: str) -> None:
        self._call("POST", f"{API}/auth/verify-email", auth=False, json={"token": token})

    def resend_verification(self, email: str) -> None:
        self._call("POST", f"{API}/auth/verify-email/resend", auth=False, json={"email": email})

    def login(self, email: str, password: str) -> TokenPair:
        body = {"email": email, "password": password}
        pair = TokenPair.from_reply(self._json("POST", f"{API}/auth/login", auth=False, json=body))
        self.tokens.set(pair)
        return pair

    def logout(self) -> None:
        """Ends this device's session on the server, then forgets the tokens whatever happens."""
        refresh = self.tokens.refresh_token
        try:
            if refresh:
                self._call("POST", f"{API}/auth/logout", auth=False, json={"refresh": refresh})
        finally:
            self.tokens.set(None)

    # -- the account ----------------------------------------------------------------------

    def me(self) -> Profile:
        return Profile.from_json(self._json("GET", f"{API}/me"))

    def update_me(self, **changes: str) -> Profile:
        return Profile.from_json(self._json("PATCH", f"{API}/me", json=changes))

    def sessions(self) -> list[DeviceSession]:
        return [DeviceSession.from_json(s) for s in self._json("GET", f"{API}/me/sessions")]

    def revoke_session(self, session_id: str) -> None:
        self._call("DELETE", f"{API}/me/sessions/{session_id}")

    # -- hospitals and notifications ------------------------------------------------------

    def create_link_code(self) -> LinkCode:
        return LinkCode.from_json(self._json("POST", f"{API}/me/link-codes"))

    def links(self) -> list[HospitalLink]:
        body = self._json("GET", f"{API}/me/links")
        return [HospitalLink.from_json(item) for item in body.get("results", [])]

    def revoke_link(self, link_id: str) -> None:
        self._call("DELETE", f"{API}/me/links/{link_id}")

    def notifications(self) -> tuple[int, list[Notification]]:
        body = self._json("GET", f"{API}/me/notifications")
        items = [Notification.from_json(item) for item in body.get("results", [])]
        return int(body.get("unread", 0)), items

    def mark_notification_read(self, notification_id: str) -> None:
        self._call("POST", f"{API}/me/notifications/{notification_id}/read")

    # -- reading --------------------------------------------------------------------------

    def timeline(self, cursor: str | None = None, section: str | None = None) -> TimelinePage:
        pairs = (("cursor", cursor), ("kind", section), ("limit", str(PAGE)))
        params = {k: v for k, v in pairs if v} | self._lang()
        return TimelinePage.from_json(self._json("GET", f"{API}/me/timeline", params=params))

    def record(self, record_id: str) -> RecordDetail:
        path = f"{API}/me/records/{record_id}"
        return RecordDetail.from_json(self._json("GET", path, params=self._lang()))

    def summary(self) -> Summary:
        return Summary.from_json(self._json("GET", f"{API}/me/summary", params=self._lang()))

    def _lang(self) -> dict[str, str]:
        """Reading endpoints take the language as `lang` (zh-Hans, not zh-hans)."""
        code = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}.get(self.language, self.language)
        return {"lang": code}

    def set_hidden(self, record_id: str, hidden: bool) -> None:
        self._call("POST", f"{API}/me/records/{record_id}/{'hide' if hidden else 'unhide'}")

    def request_correction(self, record_id: str, message: str) -> None:
        body = {"text": message}
        self._call("POST", f"{API}/me/records/{record_id}/corrections", json=body)

    # -- exports --------------------------------------------------------------------------

    def export_document(self, kind: str) -> bytes:
        """The IPS Bundle (`fhir`) or the printable summary (`pdf`), as bytes."""
        return self._call("GET", f"{API}/me/export/{kind}", params=self._lang()).body

    def start_archive(self) -> dict[str, Any]:
        return dict(self._json("POST", f"{API}/me/exports") or {})

    def archive_status(self, export_id: str) -> dict[str, Any]:
        return dict(self._json("GET", f"{API}/me/exports/{export_id}") or {})

    def download(self, url: str) -> bytes:
        path = url[len(self.base_url) :] if url.startswith(self.base_url) else url
        return self._call("GET", path).body


def _json_or_none(reply: Reply) -> Any:
    try:
        return reply.json()
    except ValueError:
        return None


__all__ = ["API", "ApiError", "Offline", "PocketChartClient", "SessionExpired"]
