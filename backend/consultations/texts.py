"""Consultation languages, and the two consultation modes explained in the six UI languages."""

from __future__ import annotations

from hospitals.models import ConsultationMode

# Wider than the app's UI languages: a consultation may need an interpreter the app does
# not speak. Korea's largest patient groups come first (STANDARDS.md).
CONSULTATION_LANGUAGES: dict[str, str] = {
    "ko": "한국어",
    "en": "English",
    "ja": "日本語",
    "zh": "中文",
    "th": "ไทย",
    "mn": "Монгол",
    "ru": "Русский",
    "vi": "Tiếng Việt",
    "ar": "العربية",
    "kk": "Қазақ",
    "uz": "Oʻzbek",
    "id": "Bahasa Indonesia",
    "es": "Español",
    "fr": "Français",
    "de": "Deutsch",
}

_ADVICE = ConsultationMode.ADVICE_TO_PROFESSIONAL
_DIRECT = ConsultationMode.DIRECT_PATIENT

MODES: dict[str, dict[str, tuple[str, str]]] = {
    _ADVICE: {
        "en": (
            "Through your home doctor",
            "Korean law lets the hospital's doctors advise your doctor abroad, not treat you "
            "directly. The hospital's medical answer goes to your home doctor first; you see "
            "scheduling and other messages at once, and the answer as soon as your doctor has it.",
        ),
        "ko": (
            "주치의를 통한 상담",
            "한국 법은 병원 의사가 해외에 있는 환자를 직접 진료하지 않고 현지 의사에게 자문하도록 "
            "합니다. 병원의 의학적 답변은 먼저 주치의에게 전달되며, 일정과 기타 메시지는 바로, "
            "답변은 주치의가 받은 뒤에 볼 수 있습니다.",
        ),
        "ja": (
            "かかりつけ医を通じた相談",
            "韓国の法律では、病院の医師は海外の患者を直接診療せず、現地の医師に助言します。"
            "病院の医学的な回答はまずかかりつけ医に届き、日程やその他のメッセージはすぐに、"
            "回答はかかりつけ医が受け取った後にご覧いただけます。",
        ),
        "zh-hans": (
            "通过您的家庭医生咨询",
            "韩国法律规定，医院医生可以向您在国外的医生提供建议，但不能直接为您诊治。"
            "医院的医学答复会先发给您的家庭医生；预约和其他消息您可立即查看，"
            "答复在您的医生收到后即可查看。",
        ),
        "zh-hant": (
            "透過您的家庭醫師諮詢",
            "韓國法律規定，醫院醫師可以向您在國外的醫師提供建議，但不能直接為您診治。"
            "醫院的醫學答覆會先送給您的家庭醫師；預約和其他訊息您可立即查看，"
            "答覆在您的醫師收到後即可查看。",
        ),
        "th": (
            "ปรึกษาผ่านแพทย์ประจำตัวของคุณ",
            "กฎหมายเกาหลีอนุญาตให้แพทย์ของโรงพยาบาลให้คำแนะนำแก่แพทย์ของคุณในต่างประเทศ "
            "แต่ไม่ให้รักษาคุณโดยตรง คำตอบทางการแพทย์จะส่งถึงแพทย์ประจำตัวของคุณก่อน "
            "คุณจะเห็นนัดหมายและข้อความอื่นทันที และเห็นคำตอบเมื่อแพทย์ของคุณได้รับแล้ว",
        ),
    },
    _DIRECT: {
        "en": (
            "Directly with the hospital",
            "Where the law allows it, this hospital consults you directly: you see its "
            "answers yourself. Your home doctor, if you name one, sees them too.",
        ),
        "ko": (
            "병원과 직접 상담",
            "법이 허용하는 경우 이 병원은 환자와 직접 상담합니다. 병원의 답변을 직접 볼 수 "
            "있으며, 주치의를 지정하면 주치의도 함께 봅니다.",
        ),
        "ja": (
            "病院と直接相談",
            "法律で認められる場合、この病院はあなたと直接相談します。回答はご自身でご覧い"
            "ただけます。かかりつけ医を指定すれば、その医師も閲覧できます。",
        ),
        "zh-hans": (
            "直接与医院咨询",
            "在法律允许的情况下，该医院直接为您提供咨询：您可以亲自查看答复。"
            "如果您指定了家庭医生，他也能看到。",
        ),
        "zh-hant": (
            "直接與醫院諮詢",
            "在法律允許的情況下，該醫院直接為您提供諮詢：您可以親自查看答覆。"
            "如果您指定了家庭醫師，他也能看到。",
        ),
        "th": (
            "ปรึกษากับโรงพยาบาลโดยตรง",
            "ในกรณีที่กฎหมายอนุญาต โรงพยาบาลนี้จะปรึกษากับคุณโดยตรง คุณจะเห็นคำตอบด้วยตนเอง "
            "และแพทย์ประจำตัวของคุณ (หากระบุ) ก็จะเห็นด้วย",
        ),
    },
}


def mode_text(mode: str, language: str) -> dict[str, str]:
    by_language = MODES.get(mode) or MODES[_ADVICE]
    lang = language.lower()
    title, explanation = (
        by_language.get(lang) or by_language.get(lang.split("-")[0]) or by_language["en"]
    )
    return {"code": mode, "title": title, "explanation": explanation}
