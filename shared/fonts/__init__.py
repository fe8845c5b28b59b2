"""The TrueType fonts PocketChart ships, and which one draws which text.

Neither Kivy nor reportlab falls back to another font when a glyph is missing: a Korean name
drawn with a Japanese font shows boxes. So the choice is made here, per language and per text,
for the app and for the server's PDF export alike. Pure Python, no font parsing: the coverage
table below was checked with `fc-query` and is re-checked by rendering in tests/mobile.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Font:
    key: str  # the name it is registered under (Kivy LabelBase, reportlab TTFont)
    file: str
    scripts: frozenset[str]  # the scripts (below) whose glyphs it has
    licence: str

    @property
    def path(self) -> Path:
        return FOLDER / self.file


LATIN = "latin"
HANGUL = "hangul"
KANA = "kana"
HAN = "han"
THAI = "thai"

FONTS: dict[str, Font] = {
    font.key: font
    for font in (
        Font("NanumGothic", "NanumGothic.ttf", frozenset({LATIN, HANGUL}), "SIL OFL 1.1"),
        Font("IPAPGothic", "ipagp.ttf", frozenset({LATIN, KANA, HAN}), "IPA Font License 1.0"),
        Font(
            "WenQuanYiMicroHei",
            "wqy-microhei.ttc",
            frozenset({LATIN, HANGUL, KANA, HAN}),
            "Apache 2.0 or GPL-3 with font exception",
        ),
        Font("Garuda", "Garuda.ttf", frozenset({LATIN, THAI}), "GPL-2+ with font exception"),
    )
}

# The font a language is read in first: Han characters look different in Japanese and
# Chinese, so the language, not only the text, decides.
BY_LANGUAGE: dict[str, str] = {
    "ko": "NanumGothic",
    "ja": "IPAPGothic",
    "zh-hans": "WenQuanYiMicroHei",
    "zh-hant": "WenQuanYiMicroHei",
    "th": "Garuda",
}
# Tried when the language's own font lacks a script (a Korean hospital's name in Japanese):
# WenQuanYi draws every CJK script, so a mixed CJK label stays in one font.
FALLBACK_ORDER = ("WenQuanYiMicroHei", "Garuda")

_RANGES = (
    (HANGUL, re.compile(r"[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]")),
    (KANA, re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")),
    (
        HAN,
        re.compile(
            r"[\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
        ),
    ),
    (THAI, re.compile(r"[\u0e00-\u0e7f]")),
)


def script_of(char: str) -> str | None:
    """The script a character needs a font for; None for spaces, digits and punctuation."""
    for name, pattern in _RANGES:
        if pattern.match(char):
            return name
    if char.isascii() or unicodedata.category(char)[0] in "NPZSC":
        return None
    return LATIN


@lru_cache(maxsize=4096)  # labels are redrawn often (scrolling lists): same text, same answer
def scripts_in(text: str) -> frozenset[str]:
    """The non-Latin scripts in `text`: every font shipped here also draws Latin."""
    return frozenset(name for name, pattern in _RANGES if pattern.search(text))


def language_font(language: str) -> Font | None:
    """The language's own font; None means Latin text, which the toolkit's default draws."""
    key = BY_LANGUAGE.get(language.lower())
    return FONTS[key] if key else None


@lru_cache(maxsize=4096)
def font_for(text: str, language: str) -> Font | None:
    """One font that draws all of `text`, preferring the language's; None when none does
    (Thai next to CJK) or when the default Latin font will do."""
    needed = scripts_in(text)
    own = language_font(language)
    if own is not None and needed <= own.scripts:
        return own
    if not needed:
        return own
    for key in FALLBACK_ORDER:
        if needed <= FONTS[key].scripts:
            return FONTS[key]
    return None


def runs(text: str, language: str) -> list[tuple[Font | None, str]]:
    """`text` cut where the font must change, for labels no single font can draw.

    Spaces, digits and punctuation stay with the run they are in, so a name like
    "서울 Hospital (สาขา 2)" is cut only twice.
    """
    pieces: list[tuple[Font | None, str]] = []
    for char in text:
        script = script_of(char)
        current = pieces[-1][0] if pieces else None
        if pieces and (script is None or script == LATIN or _draws(current, script)):
            pieces[-1] = (current, pieces[-1][1] + char)
            continue
        pieces.append((_font_for_script(script, language), char))
    return pieces


def _draws(font: Font | None, script: str) -> bool:
    return font is not None and script in font.scripts


def _font_for_script(script: str | None, language: str) -> Font | None:
    if script is None or script == LATIN:
        return language_font(language)
    return font_for(script_sample(script), language)


def script_sample(script: str) -> str:
    """A character of the script, to ask `font_for` about a script rather than a text."""
    return {HANGUL: "가", KANA: "あ", HAN: "漢", THAI: "ก"}[script]


def needs_shaping(text: str) -> bool:
    """Thai combining marks must be placed by a shaper (HarfBuzz) to sit right."""
    return THAI in scripts_in(text)
