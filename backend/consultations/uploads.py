"""Cleaning uploaded photos and documents before anything is stored.

The type is sniffed from the bytes (records.sniff), never taken from the label. Images are
decoded and re-encoded: what comes out holds pixels only — no EXIF (GPS, camera serial,
time), no PNG text chunks, no trailing data. The pixel count is checked from the header
before decoding, so a decompression bomb is refused without ever being expanded.
PDFs are kept as sent (see docs/decisions.md, "Consultations": upload cleaning).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from common.exceptions import PayloadTooLarge, UnsupportedMediaType, ValidationFailed
from records.sniff import JPEG, PDF, PNG, media_type, sniff

ACCEPTED = (JPEG, PNG, PDF)
_FORMATS = {JPEG: "JPEG", PNG: "PNG"}
_GENERIC = {"", "application/octet-stream"}


@dataclass(frozen=True)
class CleanFile:
    content_type: str
    data: bytes


def clean_upload(data: bytes, declared: str = "") -> CleanFile:
    if len(data) > settings.CONSULTATIONS_MAX_FILE_BYTES:
        raise PayloadTooLarge(
            _("Each file may be at most %(mb)d MB.")
            % {"mb": settings.CONSULTATIONS_MAX_FILE_BYTES // 1_000_000}
        )
    sniffed = sniff(data)
    label = media_type(declared)
    if sniffed is None or (label not in _GENERIC and label != sniffed):
        raise UnsupportedMediaType(
            _("Send JPEG or PNG photos or PDF documents; the file's content must match its type.")
        )
    if sniffed == PDF:
        return CleanFile(PDF, data)
    return CleanFile(sniffed, _reencoded(data, sniffed))


def _unreadable() -> ValidationFailed:
    return ValidationFailed(_("This image cannot be read."), code="bad_image")


def _too_many_pixels() -> ValidationFailed:
    return ValidationFailed(
        _("This image has too many pixels; send a smaller one."), code="image_too_large"
    )


def _reencoded(data: bytes, content_type: str) -> bytes:
    fmt = _FORMATS[content_type]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[fmt]) as image:
                if image.width * image.height > settings.CONSULTATIONS_MAX_IMAGE_PIXELS:
                    raise _too_many_pixels()
                image.load()
                return _pixels_only(image, fmt)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise _unreadable() from None


def _pixels_only(image: Image.Image, fmt: str) -> bytes:
    # Turn the photo upright first: once EXIF is gone its orientation flag is gone too.
    upright = ImageOps.exif_transpose(image) or image
    keep = {"transparency"} if fmt == "PNG" else set()
    upright.info = {k: v for k, v in upright.info.items() if k in keep}
    if fmt == "JPEG" and upright.mode not in {"RGB", "L", "CMYK"}:
        upright = upright.convert("RGB")
    out = io.BytesIO()
    upright.save(out, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return out.getvalue()
