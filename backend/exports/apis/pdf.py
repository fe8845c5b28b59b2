"""`GET /api/v1/me/export/pdf?lang=`: the printable summary."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.authentication import SessionJWTAuthentication, request_user
from accounts.permissions import IsPatient
from accounts.selectors import actor_for
from exports.selectors import pdf_summary
from records import params

LANG = OpenApiParameter(
    "lang", OpenApiTypes.STR, OpenApiParameter.QUERY,
    description="ko, en, ja, zh-Hans, zh-Hant or th; default: your preferred language",
)  # fmt: skip


class PatientApi(APIView):
    authentication_classes = [SessionJWTAuthentication]
    permission_classes = [IsPatient]


class PdfExportApi(PatientApi):
    @extend_schema(parameters=[LANG], responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request: Request) -> HttpResponse:
        user = request_user(request)
        printed = pdf_summary(
            actor=actor_for(user),
            patient=user,
            language=params.language(request.query_params, user),
        )
        response = HttpResponse(printed.pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{printed.file_name}"'
        response["Cache-Control"] = "no-store"
        return response
