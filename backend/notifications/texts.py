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


# Follow-up consultations (consultations app). Parameters: {hospital}; {time} (the
# appointment in the patient's zone) for time_proposed and the reminders.
def _consultation_texts() -> dict[str, dict[str, tuple[str, str]]]:
    rows: dict[str, dict[str, tuple[str, str]]] = {
        "accepted": {
            "en": ("Request accepted", "{hospital} accepted your follow-up request."),
            "ko": ("상담 요청 수락", "{hospital}에서 추적 상담 요청을 수락했습니다."),
            "ja": (
                "相談の依頼が受理されました",
                "{hospital}がフォローアップの依頼を受理しました。",
            ),
            "zh-hans": ("请求已接受", "{hospital}已接受您的随访请求。"),
            "zh-hant": ("請求已接受", "{hospital}已接受您的追蹤請求。"),
            "th": ("รับคำขอแล้ว", "{hospital} รับคำขอติดตามผลของคุณแล้ว"),
        },
        "declined": {
            "en": ("Request declined", "{hospital} declined your request. Open it to see why."),
            "ko": ("상담 요청 거절", "{hospital}에서 요청을 거절했습니다. 사유를 확인하세요."),
            "ja": (
                "依頼が辞退されました",
                "{hospital}が依頼を辞退しました。理由をご確認ください。",
            ),
            "zh-hans": ("请求被拒绝", "{hospital}拒绝了您的请求。打开查看原因。"),
            "zh-hant": ("請求被拒絕", "{hospital}拒絕了您的請求。打開查看原因。"),
            "th": ("คำขอถูกปฏิเสธ", "{hospital} ปฏิเสธคำขอของคุณ เปิดดูเหตุผล"),
        },
        "info_needed": {
            "en": ("More information needed", "{hospital} needs more information from you."),
            "ko": ("추가 정보 필요", "{hospital}에서 추가 정보를 요청했습니다."),
            "ja": ("追加情報が必要です", "{hospital}が追加の情報を求めています。"),
            "zh-hans": ("需要更多信息", "{hospital}需要您提供更多信息。"),
            "zh-hant": ("需要更多資訊", "{hospital}需要您提供更多資訊。"),
            "th": ("ต้องการข้อมูลเพิ่มเติม", "{hospital} ต้องการข้อมูลเพิ่มเติมจากคุณ"),
        },
        "time_proposed": {
            "en": ("Time proposed", "{hospital} proposes {time}. Accept it in Follow-up."),
            "ko": (
                "상담 시간 제안",
                "{hospital}에서 {time}을(를) 제안했습니다. 추적 상담에서 수락하세요.",
            ),
            "ja": (
                "日時の提案",
                "{hospital}が{time}を提案しました。フォローアップで承認してください。",
            ),
            "zh-hans": ("建议时间", "{hospital}建议时间为{time}。请在随访中确认。"),
            "zh-hant": ("建議時間", "{hospital}建議時間為{time}。請在追蹤中確認。"),
            "th": ("เสนอเวลานัด", "{hospital} เสนอเวลา {time} ยืนยันได้ที่เมนูติดตามผล"),
        },
        "answered": {
            "en": ("Answer received", "{hospital} has answered your request."),
            "ko": ("답변 도착", "{hospital}에서 답변했습니다."),
            "ja": ("回答が届きました", "{hospital}から回答が届きました。"),
            "zh-hans": ("已收到答复", "{hospital}已答复您的请求。"),
            "zh-hant": ("已收到答覆", "{hospital}已答覆您的請求。"),
            "th": ("ได้รับคำตอบแล้ว", "{hospital} ตอบคำขอของคุณแล้ว"),
        },
        "answered_to_doctor": {
            "en": (
                "Answer sent to your doctor",
                "{hospital} has answered. Your home doctor receives it first; you will see it "
                "once they have it.",
            ),
            "ko": (
                "주치의에게 답변 전달",
                "{hospital}에서 답변했습니다. 주치의가 먼저 받고, 그 뒤에 볼 수 있습니다.",
            ),
            "ja": (
                "かかりつけ医へ回答送付",
                "{hospital}が回答しました。まずかかりつけ医に届き、その後ご覧いただけます。",
            ),
            "zh-hans": (
                "答复已发给您的医生",
                "{hospital}已答复。您的家庭医生先收到，之后您即可查看。",
            ),
            "zh-hant": (
                "答覆已送給您的醫師",
                "{hospital}已答覆。您的家庭醫師先收到，之後您即可查看。",
            ),
            "th": (
                "ส่งคำตอบถึงแพทย์ของคุณแล้ว",
                "{hospital} ตอบแล้ว แพทย์ประจำตัวจะได้รับก่อน จากนั้นคุณจะเห็นคำตอบ",
            ),
        },
        "answer_shared": {
            "en": (
                "Answer available",
                "Your home doctor has the answer from {hospital}; you can read it now.",
            ),
            "ko": (
                "답변 열람 가능",
                "주치의가 {hospital}의 답변을 받았습니다. 이제 볼 수 있습니다.",
            ),
            "ja": (
                "回答を閲覧できます",
                "かかりつけ医が{hospital}の回答を受け取りました。今すぐご覧いただけます。",
            ),
            "zh-hans": ("可以查看答复", "您的家庭医生已收到{hospital}的答复，您现在可以查看。"),
            "zh-hant": ("可以查看答覆", "您的家庭醫師已收到{hospital}的答覆，您現在可以查看。"),
            "th": ("ดูคำตอบได้แล้ว", "แพทย์ประจำตัวได้รับคำตอบจาก {hospital} แล้ว คุณอ่านได้ทันที"),
        },
        "closed": {
            "en": ("Consultation closed", "{hospital} closed the consultation."),
            "ko": ("상담 종료", "{hospital}에서 상담을 종료했습니다."),
            "ja": ("相談が終了しました", "{hospital}が相談を終了しました。"),
            "zh-hans": ("咨询已结束", "{hospital}已结束本次咨询。"),
            "zh-hant": ("諮詢已結束", "{hospital}已結束本次諮詢。"),
            "th": ("ปิดการปรึกษาแล้ว", "{hospital} ปิดการปรึกษาแล้ว"),
        },
        "message": {
            "en": ("New message", "There is a new message about your request to {hospital}."),
            "ko": ("새 메시지", "{hospital} 상담에 새 메시지가 있습니다."),
            "ja": ("新しいメッセージ", "{hospital}への相談に新しいメッセージがあります。"),
            "zh-hans": ("新消息", "您向{hospital}的请求有一条新消息。"),
            "zh-hant": ("新訊息", "您向{hospital}的請求有一則新訊息。"),
            "th": ("ข้อความใหม่", "มีข้อความใหม่เกี่ยวกับคำขอถึง {hospital}"),
        },
        "reminder_24h": {
            "en": ("Consultation tomorrow", "Your consultation with {hospital} is at {time}."),
            "ko": ("내일 상담", "{hospital} 상담이 {time}에 있습니다."),
            "ja": ("明日の相談", "{hospital}との相談は{time}です。"),
            "zh-hans": ("明天的咨询", "您与{hospital}的咨询时间为{time}。"),
            "zh-hant": ("明天的諮詢", "您與{hospital}的諮詢時間為{time}。"),
            "th": ("นัดปรึกษาพรุ่งนี้", "นัดปรึกษากับ {hospital} เวลา {time}"),
        },
        "reminder_1h": {
            "en": ("Consultation in 1 hour", "Your consultation with {hospital} starts at {time}."),
            "ko": ("1시간 후 상담", "{hospital} 상담이 {time}에 시작됩니다."),
            "ja": ("1時間後に相談", "{hospital}との相談は{time}に始まります。"),
            "zh-hans": ("1小时后咨询", "您与{hospital}的咨询将于{time}开始。"),
            "zh-hant": ("1小時後諮詢", "您與{hospital}的諮詢將於{time}開始。"),
            "th": ("อีก 1 ชั่วโมงถึงเวลาปรึกษา", "การปรึกษากับ {hospital} เริ่มเวลา {time}"),
        },
    }
    return {f"consultation.{kind}": texts for kind, texts in rows.items()}


TEXTS.update(_consultation_texts())
