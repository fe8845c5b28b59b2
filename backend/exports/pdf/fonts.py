"""The PDF's fonts: shared/fonts' TrueType files, embedded (subset) by reportlab.

reportlab has no glyph fallback, so every text is cut into runs (shared.fonts.runs) and each
run names the font that has its glyphs. Thai is shaped by HarfBuzz: reportlab 4.1+ calls
uharfbuzz for paragraphs whose style has `shaping=1`, and places the mark glyphs (tone marks
above vowels, lowered variants) by the font's GSUB/GPOS tables. Without shaping Thai tone
marks sit misplaced (STACK.md).
"""

from __future__ import annotations

import re
from functools import cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from shared import fonts as shared_fonts

LATIN_FONT = "NanumGothic"  # English has no font of its own: a TrueType one still embeds


@cache
def register() -> frozenset[str]:
    """Register every shipped font with reportlab once per process; returns their names."""
    for font in shared_fonts.FONTS.values():
        options = {"subfontIndex": 0} if font.file.endswith(".ttc") else {}
        pdfmetrics.registerFont(TTFont(font.key, str(font.path), **options))
    return frozenset(shared_fonts.FONTS)


def base_font(language: str) -> str:
    font = shared_fonts.language_font(language)
    return font.key if font is not None else LATIN_FONT


def markup(text: str, language: str) -> str:
    """Paragraph markup drawing `text` with the right font per run, the text escaped."""
    register()
    default = base_font(language)
    parts = []
    for font, run in word_runs(text, language):
        name = font.key if font is not None else default
        parts.append(f'<font face="{name}">{escape(run)}</font>')
    return "".join(parts)


def word_runs(text: str, language: str) -> list[tuple[shared_fonts.Font | None, str]]:
    """shared.fonts.runs, word by word, with a word's leading punctuation joined to the
    letters after it. reportlab shapes word by word with the HarfBuzz font of the word's
    first run, so "(คำแปล" must be one Garuda run, not "(" in the previous word's CJK font
    followed by Thai, which the CJK font would turn into missing glyphs."""
    pieces: list[tuple[shared_fonts.Font | None, str]] = []
    for token in re.split(r"(\s+)", text):
        if not token:
            continue
        runs = shared_fonts.runs(token, language)
        if len(runs) > 1 and all(shared_fonts.script_of(c) is None for c in runs[0][1]):
            runs = [(runs[1][0], runs[0][1] + runs[1][1]), *runs[2:]]
        pieces.extend(runs)
    return pieces


def needs_shaping(text: str) -> bool:
    return shared_fonts.needs_shaping(text)
