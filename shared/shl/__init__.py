"""SMART Health Links (HL7 SMART Health Cards and Links IG 1.0.0): payloads, JWE, reader.

Pure Python, shared by the server and the app; never imports Django or Kivy. The QR helper
lives in `shared.shl.qr` so that importing this package does not load Pillow.
"""

from shared.shl.errors import (
    DecryptionFailed,
    FileUnavailable,
    InflatedTooLarge,
    InvalidLink,
    JweError,
    LinkExpired,
    LinkNotFound,
    MalformedJwe,
    PasscodeRequired,
    RateLimited,
    ReaderError,
    ResponseTooLarge,
    ServerError,
    ShlError,
    UnsafeUrl,
    UnsupportedAlgorithm,
    UnsupportedVersion,
    WrongPasscode,
)
from shared.shl.jwe import decrypt, encrypt
from shared.shl.payload import ShlPayload, decode, new_key, new_manifest_id
from shared.shl.reader import ReaderOptions, ShlFile, open_link

__all__ = [
    "DecryptionFailed",
    "FileUnavailable",
    "InflatedTooLarge",
    "InvalidLink",
    "JweError",
    "LinkExpired",
    "LinkNotFound",
    "MalformedJwe",
    "PasscodeRequired",
    "RateLimited",
    "ReaderError",
    "ReaderOptions",
    "ResponseTooLarge",
    "ServerError",
    "ShlError",
    "ShlFile",
    "ShlPayload",
    "UnsafeUrl",
    "UnsupportedAlgorithm",
    "UnsupportedVersion",
    "WrongPasscode",
    "decode",
    "decrypt",
    "encrypt",
    "new_key",
    "new_manifest_id",
    "open_link",
]
