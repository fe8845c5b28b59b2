"""One exception tree for SMART Health Links, so callers can catch `ShlError` and show `str(e)`.

Messages are written for the person holding the link. They never contain the key, the
passcode or decrypted content, because they end up in logs and on screens.
"""

from __future__ import annotations


class ShlError(Exception):
    """Base class for every failure raised by `shared.shl`."""


class InvalidLink(ShlError):
    """The text is not a usable SMART Health Link payload."""


class UnsupportedVersion(InvalidLink):
    """The link declares a protocol version newer than we implement."""

    def __init__(self, version: int) -> None:
        super().__init__(
            f"This link uses SMART Health Links version {version}; only version 1 is supported. "
            "Update the app or ask the sender for a version 1 link."
        )
        self.version = version


class JweError(ShlError):
    """An encrypted file could not be opened."""


class MalformedJwe(JweError):
    """The token is not a well-formed compact JWE."""


class UnsupportedAlgorithm(JweError):
    """The JWE uses an algorithm other than dir + A256GCM, or an unknown compression."""


class DecryptionFailed(JweError):
    """The key is wrong or the file was altered in transit."""


class InflatedTooLarge(JweError):
    """The compressed content expands past the configured cap (a zip bomb, or a huge file)."""


class ReaderError(ShlError):
    """Following a link over HTTP failed."""


class LinkExpired(ReaderError):
    """The payload's `exp` hint is in the past."""


class PasscodeRequired(ReaderError):
    """The link has the P flag and no passcode was given."""

    def __init__(self) -> None:
        super().__init__("This link is protected by a passcode; ask the sender for it.")


class WrongPasscode(ReaderError):
    """The server refused the passcode (HTTP 401)."""

    def __init__(self, remaining: int | None) -> None:
        if remaining is None:
            detail = "the server did not say how many attempts are left"
        elif remaining <= 0:
            detail = "no attempts left, the link is now disabled"
        else:
            detail = f"{remaining} attempt{'s' if remaining != 1 else ''} left"
        super().__init__(f"Wrong passcode: {detail}")
        self.remaining = remaining


class LinkNotFound(ReaderError):
    """HTTP 404: the link is unknown, inactive, expired or revoked."""

    def __init__(self) -> None:
        super().__init__("This link has expired or was revoked; ask the sender to share a new one.")


class RateLimited(ReaderError):
    """HTTP 429 persisted after the allowed number of retries."""

    def __init__(self, retry_after: float | None) -> None:
        wait = f" Try again in {retry_after:.0f} seconds." if retry_after is not None else ""
        super().__init__(f"The link server is busy and asked us to slow down.{wait}")
        self.retry_after = retry_after


class FileUnavailable(ReaderError):
    """A file's `location` kept failing even after a fresh manifest."""


class UnsafeUrl(ReaderError):
    """A URL that is not http(s), or plain http to a host other than this machine."""


class ResponseTooLarge(ReaderError):
    """The server sent more bytes than the configured limit."""


class ServerError(ReaderError):
    """The server could not be reached or answered something the protocol does not allow."""
