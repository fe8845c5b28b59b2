"""A consultation as FHIR R4: ServiceRequest (the request), Task (its state), Communication
(each message the reader may see) and Appointment (each proposed or booked time)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from consultations.models import AppointmentStatus, Consultation, State
from consultations.sealing import unseal
from consultations.selectors.thread import Viewer, thread

SNOMED = "http://snomed.info/sct"
STATE_SYSTEM = "https://pocketchart.example/fhir/CodeSystem/consultation-state"

TASK_STATUS: dict[str, str] = {
    State.REQUESTED: "requested",
    State.INFO_NEEDED: "on-hold",
    State.ACCEPTED: "accepted",
    State.SCHEDULED: "in-progress",
    State.ANSWERED: "completed",
    State.CLOSED: "completed",
    State.DECLINED: "rejected",
    State.CANCELLED: "cancelled",
}
REQUEST_STATUS: dict[str, str] = {
    State.DECLINED: "revoked",
    State.CANCELLED: "revoked",
    State.CLOSED: "completed",
}
APPOINTMENT_STATUS: dict[str, str] = {
    AppointmentStatus.PROPOSED: "proposed",
    AppointmentStatus.BOOKED: "booked",
    AppointmentStatus.CANCELLED: "cancelled",
    AppointmentStatus.SUPERSEDED: "cancelled",
}


def _instant(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _refs(consultation: Consultation) -> dict[str, dict[str, str]]:
    return {
        "patient": {"reference": f"Patient/{consultation.patient_id}"},
        "hospital": {
            "reference": f"Organization/{consultation.organization_id}",
            "display": consultation.organization.name_in("en"),
        },
        "request": {"reference": f"ServiceRequest/{consultation.id}"},
    }


def _service_request(consultation: Consultation, refs: dict[str, Any]) -> dict[str, Any]:
    content = unseal(consultation.patient_id, consultation, "content")
    return {
        "resourceType": "ServiceRequest",
        "id": str(consultation.id),
        "status": REQUEST_STATUS.get(consultation.state, "active"),
        "intent": "proposal",
        "category": [
            {"coding": [{"system": SNOMED, "code": "11429006", "display": "Consultation"}]}
        ],
        "code": {"text": content.get("department") or "Follow-up consultation"},
        "subject": refs["patient"],
        "requester": refs["patient"],
        "performer": [refs["hospital"]],
        "authoredOn": _instant(consultation.created_at),
        "reasonCode": [{"text": content.get("reason", "")}],
        "note": [{"text": q} for q in content.get("questions", []) if q],
    }


def _task(consultation: Consultation, refs: dict[str, Any]) -> dict[str, Any]:
    task: dict[str, Any] = {
        "resourceType": "Task",
        "id": f"{consultation.id}-task",
        "status": TASK_STATUS[consultation.state],
        "businessStatus": {"coding": [{"system": STATE_SYSTEM, "code": consultation.state}]},
        "intent": "order",
        "focus": refs["request"],
        "basedOn": [refs["request"]],
        "for": refs["patient"],
        "requester": refs["patient"],
        "owner": refs["hospital"],
        "authoredOn": _instant(consultation.created_at),
        "lastModified": _instant(consultation.state_changed_at),
    }
    reason = unseal(consultation.patient_id, consultation, "decline_reason")
    if reason:
        task["statusReason"] = {"text": reason}
    return task


def _communications(
    consultation: Consultation, viewer: Viewer, refs: dict[str, Any]
) -> list[dict[str, Any]]:
    out = []
    for message in thread(consultation=consultation, viewer=viewer):
        if message["withheld"]:
            continue
        sender = refs["hospital"] if message["author"] == "staff" else None
        resource: dict[str, Any] = {
            "resourceType": "Communication",
            "id": message["id"],
            "status": "completed",
            "basedOn": [refs["request"]],
            "subject": refs["patient"],
            "category": [{"coding": [{"system": STATE_SYSTEM, "code": message["kind"]}]}],
            "sent": _instant(message["created_at"]),
            "payload": [{"contentString": message["body"] or ""}],
        }
        resource["payload"] += [
            {"contentAttachment": {"contentType": a["content_type"], "size": a["size"]}}
            for a in message["attachments"]
        ]
        if sender:
            resource["sender"] = sender
        elif message["author"] == "patient":
            resource["sender"] = refs["patient"]
        out.append(resource)
    return out


def _appointments(consultation: Consultation, refs: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "resourceType": "Appointment",
            "id": str(row.id),
            "status": APPOINTMENT_STATUS[row.status],
            "basedOn": [refs["request"]],
            "start": _instant(row.starts_at),
            "end": _instant(row.starts_at + timedelta(minutes=row.minutes)),
            "minutesDuration": row.minutes,
            "participant": [
                {
                    "actor": refs["patient"],
                    "status": "accepted" if row.status == "booked" else "needs-action",
                },
                {"actor": refs["hospital"], "status": "accepted"},
            ],
        }
        for row in consultation.appointments.order_by("created_at")
    ]


def consultation_bundle(consultation: Consultation, *, viewer: Viewer) -> dict[str, Any]:
    refs = _refs(consultation)
    resources = [
        _service_request(consultation, refs),
        _task(consultation, refs),
        *_communications(consultation, viewer, refs),
        *_appointments(consultation, refs),
    ]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _instant(datetime.now(UTC)),
        "entry": [{"resource": resource} for resource in resources],
    }
