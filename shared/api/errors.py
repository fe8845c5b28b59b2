"""What can go wrong when the app talks to the server, as three kinds the screens can act on."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """The server answered and refused: its status, code, message and per-field messages.

    `message` is the server's text, already in the user's language; it never carries health
    data (docs/api.md, "Errors").
    """

    def __init__(
        self,
        status: int,
        code: str = "error",
        message: str = "",
        fields: dict[str, list[str]] | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}
        super().__init__(f"HTTP {status} {code}")

    @classmethod
    def from_body(cls, status: int, body: Any) -> ApiError:
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict):
            return cls(status)
        fields = error.get("fields") or {}
        return cls(
            status,
            str(error.get("code") or "error"),
            str(error.get("message") or ""),
            {str(k): [str(m) for m in v] for k, v in fields.items() if isinstance(v, list)},
        )

    @property
    def retryable(self) -> bool:
        """Worth trying again later (the server is busy or down), rather than refused."""
        return self.status in (429, 502, 503, 504)


class Offline(Exception):
    """The server could not be reached at all: no network, wrong address, or it is down."""


class SessionExpired(Exception):
    """The refresh token was refused: the person must sign in again."""
