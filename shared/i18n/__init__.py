"""The app's user-facing texts in the six languages PocketChart serves first (STANDARDS.md:
Korean, English, Japanese, Simplified and Traditional Chinese, Thai).

Pure Python catalogues, one module per language, so the app needs no gettext machinery and
a test can prove every key exists in every language. Texts take `{name}` parameters.
"""

from __future__ import annotations

from types import MappingProxyType

from shared.i18n import en, ja, ko, th, zh_hans, zh_hant
from shared.i18n.care import en as care_en
from shared.i18n.care import ja as care_ja
from shared.i18n.care import ko as care_ko
from shared.i18n.care import th as care_th
from shared.i18n.care import zh_hans as care_zh_hans
from shared.i18n.care import zh_hant as care_zh_hant

DEFAULT = "en"
# (code, the language's own name), in the order the language picker shows them.
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("ko", "한국어"),
    ("en", "English"),
    ("ja", "日本語"),
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("th", "ไทย"),
)
CODES = frozenset(code for code, _name in LANGUAGES)
CATALOGUES = MappingProxyType(
    {
        "en": {**en.MESSAGES, **care_en.MESSAGES},
        "ko": {**ko.MESSAGES, **care_ko.MESSAGES},
        "ja": {**ja.MESSAGES, **care_ja.MESSAGES},
        "zh-hans": {**zh_hans.MESSAGES, **care_zh_hans.MESSAGES},
        "zh-hant": {**zh_hant.MESSAGES, **care_zh_hant.MESSAGES},
        "th": {**th.MESSAGES, **care_th.MESSAGES},
    }
)
ENGLISH = CATALOGUES["en"]


def translate(key: str, language: str, **params: object) -> str:
    """The text for `key` in `language`; English when a language lacks it (never the key
    itself in a release: tests/mobile/test_i18n.py checks every catalogue is complete)."""
    text = CATALOGUES.get(language, ENGLISH).get(key) or ENGLISH.get(key, key)
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def known(key: str) -> bool:
    return key in ENGLISH
