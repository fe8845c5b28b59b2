"""What the consultation endpoints share: sessions, permissions, uploads, attachments."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.authentication import SessionJWTAuthentication
from accounts.permissions import IsPatient, IsStaff
from common.exceptions import PayloadTooLarge, ValidationFailed
from common.fhir_http import FhirJsonRenderer
from consultations.services.files import Upload


class PatientApi(APIView):
    authentication_classes = [SessionJWTAuthentication]
    permission_classes = [IsPatient]
    parser_classes = [JSONParser, MultiPartParser]


class StaffApi(APIView):
    authentication_classes = [SessionJWTAuthentication]
    permission_classes = [IsStaff]
    parser_classes = [JSONParser, MultiPartParser]


class FhirCapable:
    """`?format=fhir` answers the consultation as a FHIR Bundle (application/fhir+json)."""

    renderer_classes: Sequence[type[BaseRenderer]] = [JSONRenderer, FhirJsonRenderer]

    @staticmethod
    def wants_fhir(request: Request) -> bool:
        renderer = getattr(request, "accepted_renderer", None)
        return getattr(renderer, "format", "") == "fhir"


class LocalDateTimeField(serializers.CharField):
    """An ISO date-time kept as written: naive means wall-clock time in a named zone.

    DRF's DateTimeField would read a naive value in the server's zone, which is exactly the
    mistake cross-zone scheduling must not make."""

    def to_internal_value(self, data: Any) -> datetime:  # type: ignore[override]
        text = super().to_internal_value(data)
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            raise serializers.ValidationError(_("Use an ISO 8601 date and time.")) from None


def payload(request: Request) -> dict[str, Any]:
    """The JSON body, or in a multipart body the JSON `data` part beside the plain fields."""
    if not request.content_type.startswith("multipart/"):
        # A JSON list or scalar is valid JSON but no request: dict() of it would raise (500).
        if not isinstance(request.data, dict):
            raise ValidationFailed(fields={"non_field_errors": [_("Send a JSON object.")]})
        return dict(request.data)
    form: Any = request.data
    fields = {k: v for k, v in form.items() if k not in {"files", "data"}}
    raw = form.get("data")
    if raw:
        try:
            parsed = json.loads(raw)
        except ValueError:
            raise ValidationFailed(fields={"data": [_("Not valid JSON.")]}) from None
        if not isinstance(parsed, dict):
            raise ValidationFailed(fields={"data": [_("Send a JSON object.")]})
        fields.update(parsed)
    return fields


def uploads(request: Request) -> list[Upload]:
    files = request.FILES.getlist("files") if hasattr(request, "FILES") else []
    out = []
    for upload in files:
        if upload.size is not None and upload.size > settings.CONSULTATIONS_MAX_FILE_BYTES:
            raise PayloadTooLarge(
                _("Each file may be at most %(mb)d MB.")
                % {"mb": settings.CONSULTATIONS_MAX_FILE_BYTES // 1_000_000}
            )
        out.append(Upload(content_type=upload.content_type or "", data=upload.read()))
    return out


def file_response(content_type: str, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = "no-store"
    # Served from our origin: a sandbox keeps even a hostile PDF from running script here.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["Content-Disposition"] = "inline"
    return response
