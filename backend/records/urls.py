from django.urls import path

from records.apis import BundlePushApi, SubmissionStatusApi

urlpatterns = [
    path("fhir/R4/Bundle", BundlePushApi.as_view(), name="fhir-bundle-push"),
    path(
        "fhir/R4/_submission/<uuid:submission_id>",
        SubmissionStatusApi.as_view(),
        name="fhir-submission",
    ),
]
