"""Follow-up consultations (the patient's side of backend/consultations): typed views and the
calls, mixed into PocketChartClient. Photos travel as multipart `files` beside a JSON `data`
part, as the server's `payload()` reads them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from shared.api.caller import Caller, mapping, strings, text

API = "/api/v1/me/consultations"


@dataclass(frozen=True)
class Upload:
    name: str
    content_type: str  # image/jpeg, image/png or application/pdf
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class HospitalOption:
    id: str
    name: str
    country: str
    mode: str  # advice_to_professional | direct_patient
    mode_title: str
    mode_explanation: str

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> HospitalOption:
        mode = mapping(body, "mode")
        return cls(
            text(body, "id"),
            text(body, "name"),
            text(body, "country"),
            text(mode, "code"),
            text(mode, "title"),
            text(mode, "explanation"),
        )


@dataclass(frozen=True)
class ConsultationOptions:
    hospitals: list[HospitalOption]
    languages: list[tuple[str, str]]  # (code, the language's own name)
    time_zone: str  # the patient's, as the account says

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> ConsultationOptions:
        return cls(
            [HospitalOption.from_json(h) for h in body.get("hospitals") or []],
            [(text(lang, "code"), text(lang, "name")) for lang in body.get("languages") or []],
            text(body, "time_zone", "Asia/Seoul"),
        )


@dataclass(frozen=True)
class Slot:
    start: str  # wall-clock "YYYY-MM-DDTHH:MM" in the request's time zone
    minutes: int = 30


@dataclass(frozen=True)
class HomeDoctor:
    name: str
    country: str
    email: str = ""
    phone: str = ""
    time_zone: str = ""


@dataclass(frozen=True)
class NewConsultation:
    hospital: str
    reason: str
    questions: list[str]
    language: str
    interpreter_needed: bool
    time_zone: str
    slots: list[Slot] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    department: str = ""
    home_doctor: HomeDoctor | None = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "hospital": self.hospital,
            "department": self.department,
            "reason": self.reason,
            "questions": list(self.questions),
            "language": self.language,
            "interpreter_needed": self.interpreter_needed,
            "time_zone": self.time_zone,
            "preferred_slots": [{"start": s.start, "minutes": s.minutes} for s in self.slots],
            "include_sections": list(self.sections),
        }
        if self.home_doctor is not None:
            doctor = self.home_doctor
            body["home_doctor"] = {
                "name": doctor.name,
                "country": doctor.country,
                "email": doctor.email,
                "phone": doctor.phone,
            }
            if doctor.time_zone:  # else the server takes the request's zone
                body["home_doctor"]["time_zone"] = doctor.time_zone
        return body


@dataclass(frozen=True)
class Attachment:
    id: str
    content_type: str
    size: int

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Attachment:
        return cls(text(body, "id"), text(body, "content_type"), int(body.get("size") or 0))


@dataclass(frozen=True)
class Message:
    id: str
    author: str  # patient | staff | home_doctor
    author_name: str
    kind: str  # message | info_request | answer
    created_at: str
    withheld: str  # "" when readable; else why not (with_home_doctor, …)
    body: str
    attachments: list[Attachment]

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Message:
        return cls(
            text(body, "id"),
            text(body, "author"),
            text(body, "author_name"),
            text(body, "kind", "message"),
            text(body, "created_at"),
            text(body, "withheld"),
            text(body, "body"),
            [Attachment.from_json(a) for a in body.get("attachments") or []],
        )


@dataclass(frozen=True)
class ConsultationSummary:
    id: str
    state: str
    hospital: str
    created_at: str
    state_changed_at: str

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> ConsultationSummary:
        return cls(
            text(body, "id"),
            text(body, "state"),
            text(mapping(body, "hospital"), "name"),
            text(body, "created_at"),
            text(body, "state_changed_at"),
        )


def _patient_time(moment: dict[str, Any]) -> str:
    """The server writes each instant in the patient's zone too: that is the one shown."""
    return text(mapping(moment, "patient"), "text") or text(moment, "utc")


@dataclass(frozen=True)
class ConsultationDetail:
    summary: ConsultationSummary
    mode_title: str
    reason: str
    questions: list[str]
    language_name: str
    interpreter_needed: bool
    slots: list[str]  # the preferred times as the patient reads them
    appointment: dict[str, Any]  # status, starts (patient's zone), minutes, video_link; {} if none
    home_doctor: dict[str, Any]  # name, country, invited; {} if none
    attachments: list[Attachment]
    decline_reason: str

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> ConsultationDetail:
        appointment = mapping(body, "appointment")
        doctor = mapping(body, "home_doctor")
        return cls(
            ConsultationSummary.from_json(body),
            text(mapping(body, "mode"), "title"),
            text(body, "reason"),
            strings(body, "questions"),
            text(body, "language_name"),
            bool(body.get("interpreter_needed")),
            [_patient_time(mapping(s, "starts_at")) for s in body.get("preferred_slots") or []],
            {
                "status": text(appointment, "status"),
                "starts": _patient_time(mapping(appointment, "starts_at")),
                "minutes": int(appointment.get("minutes") or 0),
                "video_link": text(appointment, "video_link"),
            }
            if appointment
            else {},
            {
                "name": text(doctor, "name"),
                "country": text(doctor, "country"),
                "invited": bool(doctor.get("invited")),
            }
            if doctor
            else {},
            [Attachment.from_json(a) for a in body.get("attachments") or []],
            text(body, "decline_reason"),
        )


@dataclass(frozen=True)
class Invitation:
    link: str  # the home doctor's portal link, shown once
    passcode: str


def _multipart(body: dict[str, Any], files: list[Upload]) -> dict[str, Any]:
    return {
        "data": {"data": json.dumps(body)},
        "files": [("files", (f.name, f.data, f.content_type)) for f in files],
    }


class ConsultationCalls:
    def consultation_options(self: Caller) -> ConsultationOptions:
        return ConsultationOptions.from_json(self._json("GET", f"{API}/options") or {})

    def consultations(self: Caller) -> list[ConsultationSummary]:
        body = self._json("GET", API) or {}
        return [ConsultationSummary.from_json(c) for c in body.get("results", [])]

    def consultation(self: Caller, consultation_id: str) -> ConsultationDetail:
        return ConsultationDetail.from_json(self._json("GET", f"{API}/{consultation_id}"))

    def consultation_messages(self: Caller, consultation_id: str) -> list[Message]:
        body = self._json("GET", f"{API}/{consultation_id}/messages") or {}
        return [Message.from_json(m) for m in body.get("results", [])]

    def create_consultation(
        self: Caller, request: NewConsultation, files: list[Upload]
    ) -> ConsultationDetail:
        if files:
            body = self._json("POST", API, **_multipart(request.to_json(), files))
        else:
            body = self._json("POST", API, json=request.to_json())
        return ConsultationDetail.from_json(body)

    def send_message(
        self: Caller, consultation_id: str, body: str, files: list[Upload], *, info: bool = False
    ) -> None:
        """A message in the thread; `info` answers the hospital's request for information."""
        path = f"{API}/{consultation_id}/{'information' if info else 'messages'}"
        if files:
            self._call("POST", path, **_multipart({"body": body}, files))
        else:
            self._call("POST", path, json={"body": body})

    def accept_time(self: Caller, consultation_id: str) -> str:
        body = self._json("POST", f"{API}/{consultation_id}/appointment/accept") or {}
        return text(body, "state")

    def cancel_consultation(self: Caller, consultation_id: str) -> str:
        return text(self._json("POST", f"{API}/{consultation_id}/cancel") or {}, "state")

    def invite_home_doctor(self: Caller, consultation_id: str) -> Invitation:
        body = self._json("POST", f"{API}/{consultation_id}/home-doctor/invitation") or {}
        return Invitation(text(body, "link"), text(body, "passcode"))

    def consultation_file(self: Caller, consultation_id: str, attachment_id: str) -> bytes:
        return self._call("GET", f"{API}/{consultation_id}/files/{attachment_id}").body
