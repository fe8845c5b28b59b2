"""A correction request as the hospital's system sees it: a FHIR R4 Task.

`code` is task-code `change` ("change the focal resource"); `focus` names the resource as
the hospital sent it (its `Type/id`, or the entry's fullUrl) with the Bundle's identifier;
`for` is the patient as the hospital knows them, `Patient/{link id}`; the patient's words
are the `input` of type "correction-request"; the hospital's reply comes back as a `note`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from corrections.models import CorrectionRequest
from corrections.sealing import open_focus, open_text

TASK_CODE = "http://hl7.org/fhir/CodeSystem/task-code"
INPUT_SYSTEM = "https://pocketchart.example/fhir/CodeSystem/task-input"


def task_url(row: CorrectionRequest) -> str:
    return f"{settings.PUBLIC_BASE_URL}/fhir/R4/Task/{row.id}"


def task_resource(row: CorrectionRequest) -> dict[str, Any]:
    focus = open_focus(row)
    reference: dict[str, Any] = {"reference": focus["reference"], "type": row.resource_type}
    if focus.get("bundle_identifier"):
        reference["identifier"] = focus["bundle_identifier"]
    task: dict[str, Any] = {
        "resourceType": "Task",
        "id": str(row.id),
        "meta": {"lastUpdated": row.updated_at.isoformat()},
        "status": row.status,
        "intent": "order",
        "code": {
            "coding": [{"system": TASK_CODE, "code": "change"}],
            "text": "Correction requested by the patient",
        },
        "focus": reference,
        "for": {"reference": f"Patient/{row.link_id}"},
        "authoredOn": row.created_at.isoformat(),
        "lastModified": row.updated_at.isoformat(),
        "requester": {"reference": f"Patient/{row.link_id}"},
        "input": [
            {
                "type": {"coding": [{"system": INPUT_SYSTEM, "code": "correction-request"}]},
                "valueString": open_text(row, "text"),
            }
        ],
    }
    reply = open_text(row, "reply")
    if reply:
        task["note"] = [{"text": reply}]
    return task


def searchset(rows: list[CorrectionRequest], total: int, next_url: str | None) -> dict[str, Any]:
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": total,
        "entry": [
            {"fullUrl": task_url(row), "resource": task_resource(row), "search": {"mode": "match"}}
            for row in rows
        ],
    }
    if next_url:
        bundle["link"] = [{"relation": "next", "url": next_url}]
    return bundle
