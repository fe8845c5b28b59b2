"""The FakeServer's grants, transfer consents, access log, shares and follow-up requests, in
the shapes docs/api.md and the backend's serializers give (test data only)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import itertools
from dataclasses import dataclass, field
from typing import Any

from shared.api import Reply

NOW = dt.datetime(2026, 3, 5, 1, 42, tzinfo=dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _png(text: str) -> str:
    import qrcode

    buffer = io.BytesIO()
    qrcode.make(text).save(buffer)
    return base64.b64encode(buffer.getvalue()).decode()


def _times(moment: dt.datetime) -> dict[str, Any]:
    seoul = moment.astimezone(dt.timezone(dt.timedelta(hours=9)))
    text = f"{seoul:%Y-%m-%d %H:%M} KST (UTC+09:00)"
    return {"utc": _iso(moment), "patient": {"time_zone": "Asia/Seoul", "text": text}}


@dataclass
class FakeCare:
    ids: Any = field(default_factory=lambda: itertools.count(1))
    grants: list[dict[str, Any]] = field(default_factory=list)
    transfers: list[dict[str, Any]] = field(default_factory=list)
    general_abroad: bool = False  # the "transfers abroad" agreement
    access_log: list[dict[str, Any]] = field(default_factory=list)
    shares: list[dict[str, Any]] = field(default_factory=list)
    consultations: list[dict[str, Any]] = field(default_factory=list)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    uploads: list[tuple[str, str, int]] = field(default_factory=list)  # (name, type, size)
    files: dict[str, bytes] = field(default_factory=dict)

    def new_id(self, prefix: str) -> str:
        return f"{prefix}-{next(self.ids)}"

    def add_grant(self, name: str = "부산가정의원", **extra: Any) -> dict[str, Any]:
        grant = {
            "id": self.new_id("grant"),
            "kind": "read",
            "grantee_type": "organization",
            "grantee_id": "org-2",
            "grantee_name": name,
            "recipient_country": "KR",
            "purpose": "referral",
            "status": "active",
            "starts_at": _iso(NOW - dt.timedelta(days=3)),
            "expires_at": _iso(NOW + dt.timedelta(days=90)),
            "revoked_at": None,
            "created_at": _iso(NOW - dt.timedelta(days=3)),
            "sections": ["medications", "results"],
            "kinds": [],
            "document_ids": [],
            "transfer_consent_id": None,
            **extra,
        }
        self.grants.insert(0, grant)
        return grant

    def add_access(self, who: str = "부산가정의원", outcome: str = "success") -> None:
        self.access_log.insert(
            0,
            {
                "id": next(self.ids),
                "at": "2026-03-05T10:51:02+09:00",
                "outcome": outcome,
                "who": {"type": "hospital", "name": who, "country": "KR"},
                "items": ["약물"],
                "reason": None if outcome == "success" else "no_grant",
                "description": f"{who}이(가) 진료기록 1건을 열람했습니다",
            },
        )

    def open_share(self, share_id: str, recipient: str = "Dr Sato") -> None:
        share = next(s for s in self.shares if s["id"] == share_id)
        share["accesses"].insert(
            0,
            {
                "at": "2026-03-05T10:42:00+09:00",
                "recipient": recipient,
                "country": share["recipient_country"],
                "outcome": "success",
                "reason": "",
                "files_listed": 1,
                "files_embedded": 0,
                "files_fetched": 1,
            },
        )
        share["access_count"] = len(share["accesses"])

    def add_consultation(self, state: str = "accepted", proposed: bool = True) -> dict[str, Any]:
        consultation_id = self.new_id("c")
        starts = NOW + dt.timedelta(days=2)
        row = {
            "id": consultation_id,
            "state": state,
            "hospital": {"id": "org-1", "name": "서울대학교병원"},
            "mode": {"code": "advice_to_professional", "title": "Through your home doctor"},
            "language": "ko",
            "language_name": "한국어",
            "interpreter_needed": False,
            "department": "Dermatology",
            "reason": "The rash came back after I flew home.",
            "questions": ["Should I keep the cream?"],
            "created_at": _iso(NOW - dt.timedelta(days=1)),
            "state_changed_at": _iso(NOW),
            "preferred_slots": [{"starts_at": _times(starts), "ends_at": _times(starts)}],
            "appointment": {
                "id": "a1",
                "status": "proposed",
                "starts_at": _times(starts),
                "minutes": 30,
                "video_link": "https://video.example/room",
            }
            if proposed
            else None,
            "home_doctor": {"name": "Dr Jane Smith", "country": "US", "invited": True},
            "attachments": [{"id": "f1", "content_type": "image/png", "size": 100}],
            "decline_reason": None,
        }
        self.files["f1"] = base64.b64decode(_png("rash photo"))
        self.consultations.insert(0, row)
        self.messages[consultation_id] = [
            _message("m1", "patient", "김민지", "message", "The rash came back after I flew home."),
            _message("m2", "staff", "Dr Park", "message", "Could you send a closer photo?"),
            _message("m3", "staff", "Dr Park", "answer", "Keep the cream twice a day for a week."),
        ]
        return row


def _message(mid: str, author: str, name: str, kind: str, body: str) -> dict[str, Any]:
    return {
        "id": mid,
        "author": author,
        "author_name": name,
        "kind": kind,
        "clinical": kind == "answer",
        "created_at": _iso(NOW),
        "withheld": None,
        "body": body,
        "attachments": [],
    }


def reply(status: int, body: Any = None) -> Reply:
    import json

    return Reply(status, b"" if body is None else json.dumps(body).encode())


def not_found() -> Reply:
    return reply(404, {"error": {"code": "not_found", "message": "Not found."}})
