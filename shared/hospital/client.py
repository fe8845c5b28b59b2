"""Talking to PocketChart as a hospital system does: token, link, push."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import jwt
import requests

from shared.hospital.keys import HospitalKeys

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
FHIR_JSON = "application/fhir+json"
DEFAULT_SCOPES = "system/Bundle.c system/Patient.c"


class HospitalError(Exception):
    """PocketChart refused: status and the diagnostics it gave (never our own data)."""

    def __init__(self, status: int, messages: list[str]) -> None:
        self.status = status
        self.messages = messages
        super().__init__(f"HTTP {status}: " + "; ".join(messages))


def _messages(response: requests.Response) -> list[str]:
    try:
        body = response.json()
    except ValueError:
        return [response.reason or "no body"]
    if isinstance(body, dict) and body.get("resourceType") == "OperationOutcome":
        return [
            f"{i.get('diagnostics', i.get('code'))}"
            + (f" at {', '.join(i['expression'])}" if i.get("expression") else "")
            for i in body.get("issue", [])
        ]
    if isinstance(body, dict) and "error" in body:
        error = body["error"]
        return [
            str(
                body.get("error_description")
                or (error.get("message") if isinstance(error, dict) else error)
            )
        ]
    return [str(body)[:200]]


@dataclass
class HospitalClient:
    base_url: str
    client_id: str
    keys: HospitalKeys
    scopes: str = DEFAULT_SCOPES
    session: requests.Session = field(default_factory=requests.Session)
    timeout: float = 30.0
    _token: str | None = None
    _token_until: float = 0.0

    def assertion(self, **overrides: Any) -> str:
        now = int(time.time())
        claims = {
            "iss": self.client_id,
            "sub": self.client_id,
            "aud": f"{self.base_url}/auth/token",
            "exp": now + 240,
            "iat": now,
            "jti": uuid.uuid4().hex,
            **overrides,
        }
        return jwt.encode(
            claims,
            self.keys.private_pem,
            algorithm=self.keys.alg,
            headers={"kid": self.keys.kid, "typ": "JWT"},
        )

    def token(self, *, force: bool = False) -> str:
        if self._token and not force and time.monotonic() < self._token_until:
            return self._token
        response = self.session.post(
            f"{self.base_url}/auth/token",
            timeout=self.timeout,
            data={
                "grant_type": "client_credentials",
                "scope": self.scopes,
                "client_assertion_type": ASSERTION_TYPE,
                "client_assertion": self.assertion(),
            },
        )
        if response.status_code != 200:
            raise HospitalError(response.status_code, _messages(response))
        body = response.json()
        self._token = str(body["access_token"])
        self._token_until = time.monotonic() + int(body["expires_in"]) - 30
        return self._token

    def fhir(self, method: str, path: str, body: bytes | None = None) -> requests.Response:
        for attempt in range(2):
            response = self.session.request(
                method,
                f"{self.base_url}/fhir/R4/{path.lstrip('/')}",
                data=body,
                timeout=self.timeout,
                headers={
                    "Authorization": f"Bearer {self.token()}",
                    "Content-Type": FHIR_JSON,
                    "Accept": FHIR_JSON,
                },
            )
            if response.status_code != 401 or attempt:
                return response
            self.token(force=True)  # expired between our clock and theirs: once more
        return response

    def link(
        self, *, code: str, identifiers: list[tuple[str, str]], birth_date: str
    ) -> dict[str, Any]:
        parameters = {
            "resourceType": "Parameters",
            "parameter": [
                {"name": "code", "valueString": code},
                *(
                    {"name": "identifier", "valueIdentifier": {"system": s, "value": v}}
                    for s, v in identifiers
                ),
                {"name": "birthDate", "valueDate": birth_date},
            ],
        }
        import json

        response = self.fhir("POST", "Patient/$link", json.dumps(parameters).encode())
        if response.status_code != 201:
            raise HospitalError(response.status_code, _messages(response))
        result: dict[str, Any] = response.json()
        return result
