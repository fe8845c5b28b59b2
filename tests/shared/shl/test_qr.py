from __future__ import annotations

import io
from pathlib import Path

import qrcode
from PIL import Image

from shared.shl.__main__ import main
from shared.shl.qr import qr_png
from tests.shared.shl.vectors import load_json

# ISO/IEC 18004 format information: the two top bits name the error-correction level once the
# fixed mask is removed.
_FORMAT_MASK = 0b101010000010010
_LEVELS = {0b01: "L", 0b00: "M", 0b11: "Q", 0b10: "H"}


def _error_correction_level(png: bytes, box_size: int = 8, border: int = 4) -> str:
    """Read the format bits beside the top-left finder pattern (column 8, read downwards and
    then from the bottom-left copy), as a scanner would."""
    image = Image.open(io.BytesIO(png)).convert("L")
    size = image.width // box_size - 2 * border

    def dark(row: int, col: int) -> bool:
        x, y = (
            (col + border) * box_size + box_size // 2,
            (row + border) * box_size + box_size // 2,
        )
        return image.getpixel((x, y)) < 128  # type: ignore[operator]

    rows = [0, 1, 2, 3, 4, 5, 7, 8] + [size - 15 + i for i in range(8, 15)]
    bits = sum(dark(row, 8) << i for i, row in enumerate(rows))
    return _LEVELS[(bits ^ _FORMAT_MASK) >> 13]


def _reference_png(text: str, level: int) -> bytes:
    code = qrcode.QRCode(error_correction=level, box_size=8, border=4)
    code.add_data(text)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    return buffer.getvalue()


def test_the_format_reader_tells_levels_apart() -> None:
    text = "shlink:/eyJ1cmwiOiJodHRwczovL2Uub3JnIn0"
    assert _error_correction_level(_reference_png(text, qrcode.constants.ERROR_CORRECT_L)) == "L"
    assert _error_correction_level(_reference_png(text, qrcode.constants.ERROR_CORRECT_H)) == "H"


def test_qr_png_uses_error_correction_level_m(spec_dir: Path) -> None:
    link = load_json(spec_dir, "spec-test-vectors.json")["link_generation"]["shlink"]
    png = qr_png(link)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert _error_correction_level(png) == "M"


def test_qr_command_writes_a_png_of_the_link(spec_dir: Path, tmp_path: Path) -> None:
    link = load_json(spec_dir, "spec-test-vectors.json")["link_generation"]["shlinkBare"]
    out = tmp_path / "qr.png"
    assert main(["qr", link, "--out", str(out)]) == 0
    assert out.read_bytes() == qr_png(link)
    assert _error_correction_level(out.read_bytes()) == "M"


def test_qr_command_refuses_text_that_is_not_a_link(tmp_path: Path) -> None:
    out = tmp_path / "qr.png"
    assert main(["qr", "not a link", "--out", str(out)]) == 3
    assert not out.exists()
