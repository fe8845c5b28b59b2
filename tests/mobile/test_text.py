"""Texts in six languages, and the font that draws each of them."""

from __future__ import annotations

import re

from shared import fonts, i18n


def test_every_language_has_every_text_with_the_same_parameters():
    english = i18n.CATALOGUES["en"]
    for language, catalogue in i18n.CATALOGUES.items():
        assert set(catalogue) == set(english), language
        for key, text in catalogue.items():
            assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", english[key]))


def test_every_language_of_the_server_is_offered():
    assert {"ko", "en", "ja", "zh-hans", "zh-hant", "th"} == i18n.CODES


def test_each_script_gets_a_font_that_has_it():
    assert fonts.font_for("진료기록", "ko").key == "NanumGothic"  # type: ignore[union-attr]
    assert fonts.font_for("診療記録", "ja").key == "IPAPGothic"  # type: ignore[union-attr]
    assert fonts.font_for("过敏", "zh-hans").key == "WenQuanYiMicroHei"  # type: ignore[union-attr]
    assert fonts.font_for("แพ้ยา", "th").key == "Garuda"  # type: ignore[union-attr]
    assert fonts.font_for("Penicillin", "en") is None  # Kivy's Roboto draws Latin


def test_a_korean_name_in_a_japanese_screen_gets_a_font_with_hangul():
    font = fonts.font_for("서울대학교병원があなたの記録と連携しました", "ja")
    assert font is not None and {fonts.HANGUL, fonts.KANA} <= font.scripts


def test_thai_next_to_hangul_is_cut_into_runs_at_script_changes():
    pieces = fonts.runs("서울병원 โรงพยาบาล (2)", "th")
    assert [(f.key if f else None, text) for f, text in pieces] == [
        ("WenQuanYiMicroHei", "서울병원 "),
        ("Garuda", "โรงพยาบาล (2)"),
    ]


def test_the_font_files_and_their_licences_ship_together():
    for font in fonts.FONTS.values():
        assert font.path.is_file() and font.path.stat().st_size > 50_000
        assert (fonts.FOLDER / "licenses" / f"{font.path.stem}.txt").is_file()
