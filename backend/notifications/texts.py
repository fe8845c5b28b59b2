"""Notification texts per kind and language; parameters are filled in at read time."""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "link.created": {
        "en": (
            "New hospital link",
            "{hospital} can now send your records. Not you? Remove "
            "the link in Me → Linked hospitals.",
        ),
        "ko": (
            "새 병원 연결",
            "{hospital}에서 진료기록을 보낼 수 있습니다. 본인이 연결하지 "
            "않았다면 내 정보 → 연결된 병원에서 해제하세요.",
        ),
        "ja": (
            "病院との新しい連携",
            "{hospital}があなたの記録を送信できるようになりました。"
            "心当たりがなければ「マイページ → 連携病院」で解除してください。",
        ),
        "zh-hans": (
            "新的医院关联",
            "{hospital}现在可以发送您的病历。如果不是您本人操作，"
            "请在“我的 → 已关联医院”中解除关联。",
        ),
        "zh-hant": (
            "新的醫院連結",
            "{hospital}現在可以傳送您的病歷。如果不是您本人操作，"
            "請在「我的 → 已連結醫院」中解除連結。",
        ),
        "th": (
            "เชื่อมต่อโรงพยาบาลใหม่",
            "{hospital} สามารถส่งเวชระเบียนของคุณได้แล้ว หากไม่ใช่คุณ ให้ยกเลิกที่ ฉัน → โรงพยาบาลที่เชื่อมต่อ",
        ),
    },
}


def render(kind: str, language: str, params: dict[str, Any]) -> tuple[str, str]:
    by_language = TEXTS.get(kind, {})
    lang = language.lower()
    title, body = (
        by_language.get(lang)
        or by_language.get(lang.split("-")[0])
        or by_language.get("en")
        or (kind, "")
    )
    safe = {k: str(v) for k, v in params.items()}
    try:
        return title.format(**safe), body.format(**safe)
    except (KeyError, IndexError):
        return title, body
