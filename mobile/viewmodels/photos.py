"""Photos and documents picked for a follow-up request, checked before they are sent.

The server cleans every file again (re-encodes images, drops EXIF); the checks here only
save a long upload that would be refused: the type by its first bytes, not its name, and the
server's size limit.
"""

from __future__ import annotations

from pathlib import Path

from shared.api.consultations import Upload

MAX_BYTES = 10_000_000  # the server's CONSULTATIONS_MAX_FILE_BYTES default
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)


class PhotoError(Exception):
    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason = reason  # a key under photos. in the catalogue
        self.params = params


def content_type_of(data: bytes) -> str:
    return next((kind for magic, kind in SIGNATURES if data.startswith(magic)), "")


def read_photo(path: Path) -> Upload:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise PhotoError("too_large", mb=MAX_BYTES // 1_000_000)
        data = path.read_bytes()
    except OSError:
        raise PhotoError("unreadable") from None
    kind = content_type_of(data)
    if not kind:
        raise PhotoError("wrong_type")
    return Upload(path.name, kind, data)
