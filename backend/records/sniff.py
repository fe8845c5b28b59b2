"""What an attachment really is, from its first bytes (magic numbers), not from its label."""

from __future__ import annotations

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
TEXT = "text/plain"

# The types we sniff and serve; anything else is refused (docs/decisions.md, attachments).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)


def sniff(data: bytes) -> str | None:
    """The content type the bytes carry, or None when they are none of PDF, JPEG, PNG."""
    for magic, content_type in _MAGIC:
        if data.startswith(magic):
            return content_type
    return None


def is_plain_text(data: bytes) -> bool:
    """UTF-8 text without control characters other than tab, CR and LF."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text)


def media_type(declared: str) -> str:
    """`text/plain; charset=utf-8` -> `text/plain`."""
    return declared.split(";", 1)[0].strip().lower()
