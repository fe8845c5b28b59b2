"""An in-memory PocketChart for view-model and rendering tests, speaking the documented JSON
through the client's Transport Protocol (so the real client and its parsing are exercised).

Reading endpoints answer in the shapes the client accepts (DESIGN.md's paths). The data is
realistic test data only: it never ships in the product.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shared.api import Offline, Reply
from tests.mobile.fake_care import FakeCare
from tests.mobile.fake_care_routes import CARE_ROUTES

SEOUL = {"id": "org-1", "name": "서울대학교병원", "country": "KR", "kind": "prov"}
TOKYO_NAME = "Seoul General Hospital"


def _png() -> str:
    import qrcode

    buffer = io.BytesIO()
    qrcode.make("K7QM2XPA").save(buffer)
    return base64.b64encode(buffer.getvalue()).decode()


def sample_timeline(count: int) -> list[dict[str, Any]]:
    sections = [
        "allergies",
        "medications",
        "problems",
        "results",
        "immunizations",
        "procedures",
        "",
    ]
    displays = [
        "Penicillin",
        "Metformin 500 mg",
        "Type 2 diabetes",
        "HbA1c: 6.1 %",
        "Influenza vaccine",
        "Appendectomy",
        "진료기록요약지",
    ]
    start = dt.date(2026, 3, 1)
    return [
        {
            "id": f"r{i}",
            "section": sections[i % 7],
            "resource_type": "Observation",
            "display": f"{displays[i % 7]} #{i}",
            "date": {
                "value": (day := (start - dt.timedelta(days=i // 3)).isoformat()),
                "precision": "day",
                "day": day,
            },
            "source": {"id": "org-1", "name": SEOUL["name"] if i % 2 else TOKYO_NAME},
            "hidden": False,
            "retracted": False,
        }
        for i in range(count)
    ]


def _item(display: str, translation: str | None, status: str, source: str, day: str) -> dict:
    return {
        "id": f"s-{display}",
        "display": display,
        "status": "active",
        "status_label": status,
        "coded": {
            "codings": [{"system": "http://snomed.info/sct", "code": "1", "display": display}],
            "text": {"original": display, "translation": translation},
        },
        "as_of": {"value": day, "precision": "day", "day": day},
        "sources": [{"id": "org-1", "name": source, "as_of": {"value": day}}],
    }


SUMMARY = {
    "language": "en",
    "sections": [
        {
            "key": "problems",
            "items": [
                _item(
                    "Type 2 diabetes mellitus",
                    "제2형 당뇨병",
                    "Active",
                    SEOUL["name"],
                    "2021-08-01",
                )
            ],
        },
        {
            "key": "allergies",
            "items": [
                _item("Penicillin", "페니실린", "High criticality", SEOUL["name"], "2024-05-02")
            ],
        },
        {
            "key": "medications",
            "items": [
                _item(
                    "Metformin 500 mg", None, "1 tablet twice a day", SEOUL["name"], "2026-02-11"
                ),
                _item("Amlodipine 5 mg", None, "1 tablet every morning", TOKYO_NAME, "2026-01-20"),
            ],
        },
        {"key": "immunizations", "items": [], "empty": "No information"},
        {"key": "results", "items": [_item("HbA1c: 6.1 %", None, "", SEOUL["name"], "2026-02-11")]},
        {"key": "procedures", "items": []},
    ],
}


@dataclass
class FakeServer:
    """State plus routes; flip `down` to make every call fail as if the network were gone."""

    timeline_size: int = 40
    page_size: int = 100
    down: bool = False
    role: str = "patient"
    calls: list[tuple[str, str]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    notifications: list[dict[str, Any]] = field(default_factory=list)
    hidden: set[str] = field(default_factory=set)
    corrections: list[tuple[str, str]] = field(default_factory=list)
    revoked_sessions: list[str] = field(default_factory=list)
    registered: list[dict[str, Any]] = field(default_factory=list)
    tokens: Any = field(default_factory=lambda: itertools.count(1))
    access: set[str] = field(default_factory=set)
    care: FakeCare = field(default_factory=FakeCare)

    def __post_init__(self) -> None:
        self.timeline = sample_timeline(self.timeline_size)

    def add_link(self, name: str = TOKYO_NAME) -> str:
        link_id = f"link-{len(self.links) + 1}"
        self.links.append(
            {
                "id": link_id,
                "organization": {**SEOUL, "id": f"org-{len(self.links) + 1}", "name": name},
                "status": "active",
                "linked_at": "2026-03-01T09:00:00Z",
                "revoked_at": None,
                "documents": 3,
            }
        )
        self.notifications.insert(
            0,
            {
                "id": f"n-{link_id}",
                "kind": "link.created",
                "title": "New hospital link",
                "body": f"{name} can now send your records.",
                "created_at": "2026-03-01T09:00:00Z",
                "read": False,
                "data": {"link_id": link_id, "hospital": name},
            },
        )
        return link_id

    # -- Transport ------------------------------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str],
        json: Any = None,
        params: dict[str, str] | None = None,
        data: dict[str, str] | None = None,
        files: list[tuple[str, tuple[str, bytes, str]]] | None = None,
    ) -> Reply:
        if self.down:
            raise Offline("ConnectionError")
        if data is not None:  # multipart: the JSON `data` part, and the files beside it
            import json as jsonlib

            json = jsonlib.loads(data["data"])
            self.care.uploads += [(name, kind, len(raw)) for _f, (name, raw, kind) in files or []]
        path = "/" + url.split("://", 1)[-1].split("/", 1)[1]
        self.calls.append((method, path))
        for pattern, verb, handler, public in ROUTES:
            match = re.fullmatch(pattern, path)
            if match and verb == method:
                token = headers.get("Authorization", "").removeprefix("Bearer ")
                if not public and token not in self.access:
                    return _reply(401, {"error": {"code": "not_authenticated", "message": "x"}})
                return handler(self, json or {}, params or {}, *match.groups())
        return _reply(404, {"error": {"code": "not_found", "message": "Not found."}})

    def issue(self) -> dict[str, Any]:
        n = next(self.tokens)
        self.access.add(f"access-{n}")
        return {"access": f"access-{n}", "refresh": f"refresh-{n}", "expires_in": 600}


def _reply(status: int, body: Any = None) -> Reply:
    return Reply(status, b"" if body is None else json.dumps(body).encode())


def _login(s: FakeServer, body: dict[str, Any], *_a: Any) -> Reply:
    if body.get("password") != "correct horse battery":
        return _reply(
            401,
            {
                "error": {
                    "code": "invalid_credentials",
                    "message": "The email, password or code is not correct.",
                }
            },
        )
    return _reply(200, s.issue())


def _timeline(s: FakeServer, _b: Any, params: dict[str, str], *_a: Any) -> Reply:
    start = int(params.get("cursor") or 0)
    items = [dict(e, hidden=e["id"] in s.hidden) for e in s.timeline[start : start + s.page_size]]
    more = start + s.page_size < len(s.timeline)
    following = f"http://pocketchart.test/api/v1/me/timeline?cursor={start + s.page_size}"
    return _reply(200, {"results": items, "next": following if more else None})


def _record(s: FakeServer, _b: Any, _p: Any, record_id: str) -> Reply:
    entry = next((e for e in s.timeline if e["id"] == record_id), None)
    if entry is None:
        return _reply(404, {"error": {"code": "not_found", "message": "Not found."}})
    resource = {
        "resourceType": "AllergyIntolerance",
        "criticality": "high",
        "clinicalStatus": {"coding": [{"code": "active"}]},
        "reaction": [{"manifestation": [{"text": "Hives"}]}],
        "recordedDate": entry["date"]["value"],
        "note": [{"text": "Seen in the ER."}],
    }
    return _reply(
        200,
        {
            **entry,
            "hidden": record_id in s.hidden,
            "resource": resource,
            "coded": {
                "codings": [
                    {
                        "system": "http://snomed.info/sct",
                        "code": "91936005",
                        "display": "페니실린 알레르기",
                    }
                ],
                "text": {"original": "페니실린 알레르기", "translation": "Penicillin allergy"},
            },
            "document": {
                "id": "d1",
                "current_version": 2,
                "versions": [
                    {"number": 1, "received": "2026-03-01T09:00:00+00:00"},
                    {"number": 2, "received": "2026-03-02T09:00:00+00:00"},
                ],
            },
            "version": 2,
        },
    )


def _refresh(s: FakeServer, body: dict[str, Any], *_a: Any) -> Reply:
    if not str(body.get("refresh", "")).startswith("refresh-"):
        return _reply(401, {"error": {"code": "invalid_refresh", "message": "x"}})
    return _reply(200, s.issue())


def _revoke_link(s: FakeServer, _b: Any, _p: Any, link_id: str) -> Reply:
    if not re.fullmatch(r"link-\d+", link_id):  # never existed (or someone else's): 404
        return _reply(404, {"error": {"code": "not_found", "message": "Not found."}})
    s.links = [link for link in s.links if link["id"] != link_id]
    return _reply(204)


def _hide(s: FakeServer, _b: Any, _p: Any, record_id: str, action: str) -> Reply:
    (s.hidden.add if action == "hide" else s.hidden.discard)(record_id)
    return _reply(200, {"id": record_id, "hidden": action == "hide"})


def _read(s: FakeServer, _b: Any, _p: Any, notification_id: str) -> Reply:
    for item in s.notifications:
        if item["id"] == notification_id:
            item["read"] = True
    return _reply(204)


def _agreements(_s: FakeServer, _b: Any, params: dict[str, str], *_a: Any) -> Reply:
    language = params.get("language", "en")
    return _reply(
        200,
        [
            {
                "kind": "terms",
                "version": "2026-01",
                "language": language,
                "required": True,
                "title": "Terms of service",
                "text": "PocketChart keeps your records. " * 30,
            },
            {
                "kind": "sensitive",
                "version": "2026-01",
                "language": language,
                "required": True,
                "title": "Processing of sensitive health data",
                "text": "Health data (PIPA Art. 23). " * 20,
            },
            {
                "kind": "transfer_abroad",
                "version": "2026-01",
                "language": language,
                "required": False,
                "title": "Transfer abroad",
                "text": "When you share with a doctor abroad. " * 10,
            },
        ],
    )


def _me(s: FakeServer, *_a: Any) -> Reply:
    return _reply(
        200,
        {
            "id": "u1",
            "email": "minji@example.com",
            "role": s.role,
            "name": "김민지",
            "birth_date": "1980-04-02",
            "preferred_language": "ko",
            "time_zone": "Asia/Seoul",
            "country": "KR",
            "email_verified": True,
        },
    )


def _sessions(s: FakeServer, *_a: Any) -> Reply:
    items = [
        {
            "id": "s1",
            "created_at": "2026-03-01T00:00:00Z",
            "last_seen_at": "2026-03-05T10:42:00Z",
            "user_agent": "PocketChart/Android",
            "current": True,
        },
        {
            "id": "s2",
            "created_at": "2026-02-01T00:00:00Z",
            "last_seen_at": "2026-02-10T08:00:00Z",
            "user_agent": "PocketChart/iPad",
            "current": False,
        },
    ]
    return _reply(200, [i for i in items if i["id"] not in s.revoked_sessions])


Handler = Callable[..., Reply]
ROUTES: list[tuple[str, str, Handler, bool]] = [
    (r"/api/v1/auth/login", "POST", _login, True),
    (r"/api/v1/auth/refresh", "POST", _refresh, True),
    (r"/api/v1/auth/logout", "POST", lambda *_: _reply(204), True),
    (
        r"/api/v1/auth/register",
        "POST",
        lambda s, b, *_: (s.registered.append(b), _reply(202, {"message": "sent"}))[1],
        True,
    ),
    (r"/api/v1/auth/verify-email", "POST", lambda *_: _reply(200, {"email_verified": True}), True),
    (r"/api/v1/auth/verify-email/resend", "POST", lambda *_: _reply(202, {}), True),
    (r"/api/v1/agreements", "GET", _agreements, True),
    (r"/api/v1/me", "GET", _me, False),
    (r"/api/v1/me", "PATCH", _me, False),
    (r"/api/v1/me/sessions", "GET", _sessions, False),
    (
        r"/api/v1/me/sessions/([\w-]+)",
        "DELETE",
        lambda s, _b, _p, i: (s.revoked_sessions.append(i), _reply(204))[1],
        False,
    ),
    (
        r"/api/v1/me/link-codes",
        "POST",
        lambda *_: _reply(
            201,
            {
                "code": "K7QM2XPA",
                "qr_png": _png(),
                "expires_at": (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)).isoformat(),
            },
        ),
        False,
    ),
    (r"/api/v1/me/links", "GET", lambda s, *_: _reply(200, {"results": s.links}), False),
    (r"/api/v1/me/links/([\w-]+)", "DELETE", _revoke_link, False),
    (
        r"/api/v1/me/notifications",
        "GET",
        lambda s, *_: _reply(
            200, {"unread": sum(not n["read"] for n in s.notifications), "results": s.notifications}
        ),
        False,
    ),
    (r"/api/v1/me/notifications/([\w-]+)/read", "POST", _read, False),
    (r"/api/v1/me/timeline", "GET", _timeline, False),
    (r"/api/v1/me/records/([\w-]+)", "GET", _record, False),
    (r"/api/v1/me/records/([\w-]+)/(hide|unhide)", "POST", _hide, False),
    (
        r"/api/v1/me/records/([\w-]+)/corrections",
        "POST",
        lambda s, b, _p, i: (s.corrections.append((i, b["text"])), _reply(201, {}))[1],
        False,
    ),
    (r"/api/v1/me/summary", "GET", lambda *_: _reply(200, SUMMARY), False),
    (
        r"/api/v1/me/export/(fhir|pdf)",
        "GET",
        lambda *_: Reply(200, b'{"resourceType": "Bundle"}'),
        False,
    ),
]
ROUTES += CARE_ROUTES
