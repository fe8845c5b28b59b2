"""The display languages and the labels shown beside translated text, in each of them.

The labels are ours (PocketChart team translations): they are interface strings, not codes,
so they live here rather than in the terminology tables.
"""

from __future__ import annotations

from functools import lru_cache

LANGUAGES: tuple[str, ...] = ("ko", "en", "ja", "zh-Hans", "zh-Hant", "th")
DEFAULT_LANGUAGE = "en"

# Region-tagged forms browsers and phones send. zh-HK is Traditional by convention.
_ALIASES: dict[str, str] = {
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
}
_BY_KEY = {code.lower(): code for code in LANGUAGES} | _ALIASES

# When a table lacks the requested language: the other Chinese script reads better than
# English for a Chinese reader; everyone else gets English.
_FALLBACKS: dict[str, tuple[str, ...]] = {
    "zh-Hans": ("zh-Hant", "en"),
    "zh-Hant": ("zh-Hans", "en"),
}

UNREVIEWED_LABEL: dict[str, str] = {
    "en": "unreviewed translation",
    "ko": "검토되지 않은 번역",
    "ja": "未確認の翻訳",
    "zh-Hans": "未经审核的翻译",
    "zh-Hant": "未經審核的翻譯",
    "th": "คำแปลที่ยังไม่ได้ตรวจสอบ",
}
NOT_TRANSLATED_LABEL: dict[str, str] = {
    "en": "not translated",
    "ko": "번역 없음",
    "ja": "未翻訳",
    "zh-Hans": "未翻译",
    "zh-Hant": "未翻譯",
    "th": "ไม่ได้แปล",
}


class UnknownLanguageError(ValueError):
    """A language tag outside the six we support; callers answer 400, not a silent default."""


@lru_cache(maxsize=256)
def normalise_language(tag: str) -> str:
    """``zh-hant`` → ``zh-Hant``, ``zh-TW`` → ``zh-Hant``, ``EN`` → ``en``; else raise."""
    key = tag.strip().replace("_", "-").lower()
    if key in _BY_KEY:
        return _BY_KEY[key]
    subtags = key.split("-")
    if subtags[0] == "zh":
        # zh-Hant-TW, zh-Hans-CN: the script decides. Bare "zh" means Simplified in practice
        # (it is what mainland Chinese systems send); Taiwanese systems send zh-TW.
        for subtag in subtags[1:]:
            if f"zh-{subtag}" in _BY_KEY:
                return _BY_KEY[f"zh-{subtag}"]
        return "zh-Hans"
    if subtags[0] in _BY_KEY:  # en-US → en, ko-KR → ko
        return _BY_KEY[subtags[0]]
    raise UnknownLanguageError(tag)


def fallback_chain(language: str) -> tuple[str, ...]:
    """Languages to try, best first, after ``language`` itself."""
    return _FALLBACKS.get(language, () if language == DEFAULT_LANGUAGE else (DEFAULT_LANGUAGE,))
