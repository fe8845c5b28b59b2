"""QR codes for SMART Health Links. The spec recommends error-correction level M."""

from __future__ import annotations

import io

import qrcode
from qrcode.image.pil import PilImage


def qr_png(text: str, *, box_size: int = 8) -> bytes:
    """Encode `text` as a PNG QR code with error-correction level M and a 4-module quiet zone."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=box_size,
        border=4,  # the quiet zone ISO/IEC 18004 requires for reliable scanning
        image_factory=PilImage,
    )
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    return buffer.getvalue()
