"""Correction URLs: the patient API (/api/v1/) and the hospital's FHIR Task (/fhir/R4/)."""

from django.urls import path

from corrections.apis.fhir import TaskApi, TaskSearchApi
from corrections.apis.patient import CorrectionCreateApi, CorrectionsApi

api_urlpatterns = [
    path(
        "me/records/<uuid:entry_id>/corrections",
        CorrectionCreateApi.as_view(),
        name="correction-create",
    ),
    path("me/corrections", CorrectionsApi.as_view(), name="corrections"),
]
fhir_urlpatterns = [
    path("Task", TaskSearchApi.as_view(), name="fhir-task-search"),
    path("Task/<str:task_id>", TaskApi.as_view(), name="fhir-task"),
]
