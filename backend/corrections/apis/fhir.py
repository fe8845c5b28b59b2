"""`/fhir/R4/Task`: a hospital's system reads the correction requests addressed to it and
closes them. Search and read need `system/Task.r`; updates need `system/Task.u` (or `.c`,
which some systems are registered with for Task writes).

Updates: PUT a Task (its `status` and optional `note` or `statusReason.text` are read), or
PATCH with a JSON Patch (RFC 6902) replacing `/status` and adding a `/note`. Nothing else of
the Task can be changed by the hospital.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from rest_framework.parsers import JSONParser
from rest_framework.request import Request

from common.exceptions import Unprocessable, ValidationFailed
from common.fhir_http import FHIR_JSON
from common.ids import uuid_or_404
from corrections.fhir import searchset, task_resource
from corrections.selectors import MAX_COUNT, TaskQuery, task_for_system, tasks_for_system
from corrections.services import correction_update
from hospitals.apis.fhir import FhirSystemApi
from hospitals.principal import SystemPrincipal

WRITE_SCOPES = ("system/Task.u", "system/Task.c")


class JsonPatchParser(JSONParser):
    media_type = "application/json-patch+json"


def _principal(request: Request) -> SystemPrincipal:
    principal = request.user
    assert isinstance(principal, SystemPrincipal)  # noqa: S101 - HasSystemScope ensured it
    return principal


def _int(value: str | None, default: int, name: str) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        raise ValidationFailed(f"{name} must be a number.", expression=[name]) from None


def _query(params: Any) -> TaskQuery:
    statuses = tuple(s for s in params.get("status", "").split(",") if s)
    subject = params.get("patient") or params.get("for") or ""
    link = uuid_or_404(subject.removeprefix("Patient/")) if subject else None
    count = max(1, min(_int(params.get("_count"), 50, "_count"), MAX_COUNT))
    return TaskQuery(statuses, link, count, max(0, _int(params.get("_offset"), 0, "_offset")))


class TaskSearchApi(FhirSystemApi):
    required_scope = "system/Task.r"

    def get(self, request: Request) -> HttpResponse:
        query = _query(request.query_params)
        rows, total = tasks_for_system(principal=_principal(request), query=query)
        following = None
        if query.offset + len(rows) < total:
            params = {**request.query_params.dict(), "_offset": str(query.offset + len(rows))}
            following = f"{settings.PUBLIC_BASE_URL}/fhir/R4/Task?{urlencode(params)}"
        return JsonResponse(searchset(rows, total, following), content_type=FHIR_JSON)


class TaskApi(FhirSystemApi):
    parser_classes = [*FhirSystemApi.parser_classes, JsonPatchParser]

    @property
    def required_scope(self) -> str:
        if self.request.method in ("PUT", "PATCH"):
            granted: frozenset[str] = getattr(self.request.user, "scopes", frozenset())
            return next((s for s in WRITE_SCOPES if s in granted), WRITE_SCOPES[0])
        return "system/Task.r"

    def get(self, request: Request, task_id: str) -> HttpResponse:
        row = task_for_system(principal=_principal(request), task_id=task_id)
        return JsonResponse(task_resource(row), content_type=FHIR_JSON)

    def put(self, request: Request, task_id: str) -> HttpResponse:
        body = request.data if isinstance(request.data, dict) else {}
        if body.get("resourceType") != "Task" or body.get("id", task_id) != task_id:
            raise Unprocessable("Send the Task with its id.", code="invalid_task")
        note = _note(body)
        return self._update(request, task_id, str(body.get("status", "")), note)

    def patch(self, request: Request, task_id: str) -> HttpResponse:
        status, note = _from_patch(request.data)
        return self._update(request, task_id, status, note)

    def _update(self, request: Request, task_id: str, status: str, note: str) -> HttpResponse:
        principal = _principal(request)
        row = correction_update(principal=principal, task_id=task_id, status=status, note=note)
        return JsonResponse(task_resource(row), content_type=FHIR_JSON)


def _note(body: dict[str, Any]) -> str:
    notes = [n.get("text", "") for n in body.get("note") or [] if isinstance(n, dict)]
    reason = (body.get("statusReason") or {}).get("text", "")
    return "\n".join(t for t in [*notes, reason] if isinstance(t, str) and t)


def _from_patch(operations: Any) -> tuple[str, str]:
    if not isinstance(operations, list):
        raise Unprocessable("Send a JSON Patch (a list of operations).", code="invalid_patch")
    status, note = "", ""
    for op in operations:
        path = op.get("path", "") if isinstance(op, dict) else ""
        if op.get("op") in ("replace", "add") and path == "/status":
            status = str(op.get("value", ""))
        elif op.get("op") == "add" and path.startswith("/note"):
            value = op.get("value")
            items = value if isinstance(value, list) else [value]
            note = "\n".join(str(i.get("text", "")) for i in items if isinstance(i, dict))
        else:
            raise Unprocessable(
                "Only /status and /note can be changed.", code="invalid_patch", expression=[path]
            )
    return status, note
