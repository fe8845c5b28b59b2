"""Proof that the shipped fonts draw real glyphs, by rendering with Kivy's own text provider.

A font without a script's glyphs draws every character of it as the same box, so: render
each character of a sample alone; with the right font the images all differ, with Roboto
(which lacks Hangul, Kana, Han and Thai) they are all the same image.
"""

from __future__ import annotations

from typing import Any

from kivy.core.text import Label as CoreLabel

from mobile.widgets.text import DEFAULT_FONT, font_name_for, register_fonts

SAMPLES = {
    "ko": "진료기록",
    "ja": "あいうえ",
    "zh-hans": "过敏药物",
    "zh-hant": "過敏藥物",
    "th": "กขคง",
}


def _pixels(text: str, font: str, script: str = "Latn") -> bytes:
    label = CoreLabel(text=text, font_name=font, font_size=40, font_script_name=script)
    label.refresh()
    return bytes(label.texture.pixels)


def check() -> dict[str, Any]:
    register_fonts()
    found: dict[str, Any] = {}
    for language, sample in SAMPLES.items():
        font = font_name_for(sample, language)
        ours = {_pixels(ch, font) for ch in sample}
        roboto = {_pixels(ch, DEFAULT_FONT) for ch in sample}
        found[language] = {
            "font": font,
            "distinct": len(ours),
            "roboto_distinct": len(roboto),
            "of": len(sample),
        }
    return found


def thai_shaping() -> dict[str, Any]:
    """A tone mark over an upper vowel: HarfBuzz (script Thai) must place it differently."""
    register_fonts()
    text = "ที่นี่"
    shaped = _pixels(text, "Garuda", "Thai")
    plain = _pixels(text, "Garuda", "Latn")
    return {"text": text, "differs": shaped != plain}
