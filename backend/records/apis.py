"""The FHIR ingestion endpoints. Bodies are bytes in and bytes out (orjson), never DRF
serializers: a push can be 20 MB and the status is read in a polling loop."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import orjson
from django.http import HttpResponse
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from common.fhir_http import FhirJsonRenderer
from hospitals.authentication import HasSystemScope, SystemTokenAuthentication
from records.models import Submission
from records.selectors import submission_for_client
from records.services import bundle_push

# Content negotiation only: views answer with bytes they build themselves.
RENDERERS: list[Any] = [JSONRenderer, FhirJsonRenderer]


def submission_url(submission: Submission) -> str:
    return f"/fhir/R4/_submission/{submission.id}"


def submission_body(submission: Submission, *, status: str | None = None) -> dict[str, Any]:
    """The submission as the hospital sees it: state, document version, warnings."""
    body: dict[str, Any] = {
        "id": str(submission.id),
        "status": status or submission.status,
        "received": submission.created_at.isoformat(),
        "document": {
            "id": str(submission.document_id),
            "version": submission.version.number,
            "status": submission.document.status,
        },
        "issues": submission.issues,
    }
    if submission.indexed_at is not None:
        body["indexed"] = submission.indexed_at.isoformat()
    return body


def _json(
    request: Request, body: dict[str, Any], status: int, headers: dict[str, str] | None = None
) -> HttpResponse:
    # Labelled as the client asked (fhir+json or json): the body is plain JSON either way.
    content_type = request.accepted_media_type or "application/json"
    response = HttpResponse(orjson.dumps(body), status=status, content_type=content_type)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


class BundlePushApi(APIView):
    """POST /fhir/R4/Bundle: 202 queued, 200 duplicate, or an OperationOutcome refusal."""

    authentication_classes = [SystemTokenAuthentication]
    permission_classes = [HasSystemScope]
    required_scope = "system/Bundle.c"
    renderer_classes = RENDERERS
    parser_classes: list[Any] = []  # the body is read from the raw stream (services.intake)

    def post(self, request: Request) -> HttpResponse:
        length = request.META.get("CONTENT_LENGTH") or ""
        result = bundle_push(
            principal=request.user,  # type: ignore[arg-type]
            content_type=request.META.get("CONTENT_TYPE", ""),
            stream=request._request,  # type: ignore[arg-type]
            content_length=int(length) if length.isdigit() else None,
        )
        submission = result.submission
        location = {"Content-Location": submission_url(submission)}
        if result.duplicate:
            return _json(request, submission_body(submission, status="duplicate"), 200, location)
        return _json(request, submission_body(submission), 202, location)


class SubmissionStatusApi(APIView):
    """GET /fhir/R4/_submission/{id}: only for the client that pushed it."""

    authentication_classes = [SystemTokenAuthentication]
    permission_classes = [HasSystemScope]
    required_scope = "system/Bundle.c"
    renderer_classes = RENDERERS

    def get(self, request: Request, submission_id: UUID) -> HttpResponse:
        submission = submission_for_client(
            principal=request.user,  # type: ignore[arg-type]
            submission_id=submission_id,
        )
        return _json(request, submission_body(submission), 200)
