"""`/api/v1/me/exports`: ask for the full archive (202 + status URL + the one-time password),
follow its progress, and download it while it lasts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.authentication import request_user
from accounts.selectors import actor_for
from exports.apis.pdf import PatientApi
from exports.models import ExportJob, ExportStatus
from exports.selectors import export_download, export_status, exports_of
from exports.services import export_request
from records.vocabulary import reading_language
from shared.terminology import UnknownLanguageError


def job_view(job: ExportJob) -> dict[str, Any]:
    base = f"{settings.PUBLIC_BASE_URL}/api/v1/me/exports/{job.id}"
    ready = job.status == ExportStatus.READY
    return {
        "id": str(job.id),
        "status": job.status,
        "progress": job.progress,
        "created_at": job.created_at.isoformat(),
        "ready_at": job.ready_at.isoformat() if job.ready_at else None,
        "expires_at": job.expires_at.isoformat(),
        "hidden_included": job.include_hidden,
        "size": job.size if ready else None,
        "status_url": base,
        "download_url": f"{base}/download" if ready else None,
        "error": job.error or None,
    }


class ExportsApi(PatientApi):
    class InputSerializer(serializers.Serializer):
        include_hidden = serializers.BooleanField(default=False)
        lang = serializers.CharField(required=False, allow_blank=True, max_length=16)

    @extend_schema(request=InputSerializer, responses={202: OpenApiTypes.OBJECT})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = request_user(request)
        try:
            language = reading_language(data.validated_data.get("lang"), user.preferred_language)
        except UnknownLanguageError:
            raise serializers.ValidationError(
                {"lang": ["Use ko, en, ja, zh-Hans, zh-Hant or th."]}
            ) from None
        requested = export_request(
            patient=user, language=language, include_hidden=data.validated_data["include_hidden"]
        )
        body = {**job_view(requested.job), "password": requested.password}
        headers = {"Location": body["status_url"], "Cache-Control": "no-store"}
        return Response(body, status=status.HTTP_202_ACCEPTED, headers=headers)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        user = request_user(request)
        return Response(
            {"results": [job_view(j) for j in exports_of(actor=actor_for(user), patient=user)]}
        )


class ExportDetailApi(PatientApi):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, job_id: str) -> Response:
        user = request_user(request)
        return Response(job_view(export_status(actor=actor_for(user), patient=user, job_id=job_id)))


class ExportDownloadApi(PatientApi):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request: Request, job_id: str) -> FileResponse:
        user = request_user(request)
        download = export_download(actor=actor_for(user), patient=user, job_id=job_id)
        response = FileResponse(
            download.path.open("rb"), as_attachment=True, filename=download.name,
            content_type="application/octet-stream",
        )  # fmt: skip
        response["Cache-Control"] = "no-store"
        return response
