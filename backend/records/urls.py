from django.urls import path

from records.apis import BundlePushApi, SubmissionStatusApi
from records.patient_apis import (
    FhirExportApi,
    HideApi,
    RecordApi,
    SummaryApi,
    TimelineApi,
    UnhideApi,
)

urlpatterns = [
    path("fhir/R4/Bundle", BundlePushApi.as_view(), name="fhir-bundle-push"),
    path(
        "fhir/R4/_submission/<uuid:submission_id>",
        SubmissionStatusApi.as_view(),
        name="fhir-submission",
    ),
    path("api/v1/me/timeline", TimelineApi.as_view(), name="records-timeline"),
    path("api/v1/me/records/<uuid:entry_id>", RecordApi.as_view(), name="records-record"),
    path("api/v1/me/records/<uuid:entry_id>/hide", HideApi.as_view(), name="records-hide"),
    path("api/v1/me/records/<uuid:entry_id>/unhide", UnhideApi.as_view(), name="records-unhide"),
    path("api/v1/me/summary", SummaryApi.as_view(), name="records-summary"),
    path("api/v1/me/export/fhir", FhirExportApi.as_view(), name="records-export-fhir"),
]
