"""Exports URLs, included under /api/v1/ by config.urls."""

from django.urls import path

from exports.apis.archive import ExportDetailApi, ExportDownloadApi, ExportsApi
from exports.apis.deletion import DeletionApi
from exports.apis.pdf import PdfExportApi

urlpatterns = [
    path("me/export/pdf", PdfExportApi.as_view(), name="export-pdf"),
    path("me/exports", ExportsApi.as_view(), name="exports"),
    path("me/exports/<str:job_id>", ExportDetailApi.as_view(), name="export-detail"),
    path("me/exports/<str:job_id>/download", ExportDownloadApi.as_view(), name="export-download"),
    path("me/deletion", DeletionApi.as_view(), name="account-deletion"),
]
