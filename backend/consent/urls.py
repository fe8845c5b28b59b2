"""Consent URLs in two families: the patient API (/api/v1/) and hospital reads (/fhir/R4/)."""

from django.urls import path

from consent.apis.access_log import AccessLogApi
from consent.apis.fhir import SEARCHABLE_TYPES, EverythingApi, search_view
from consent.apis.grants import ConsentDetailApi, ConsentRevokeApi, ConsentsApi
from consent.apis.transfer import (
    TransferConsentPreviewApi,
    TransferConsentsApi,
    TransferConsentWithdrawApi,
)

api_urlpatterns = [
    path("me/consents", ConsentsApi.as_view(), name="consents"),
    path("me/consents/<str:grant_id>", ConsentDetailApi.as_view(), name="consent-detail"),
    path("me/consents/<str:grant_id>/revoke", ConsentRevokeApi.as_view(), name="consent-revoke"),
    path("me/transfer-consents", TransferConsentsApi.as_view(), name="transfer-consents"),
    path(
        "me/transfer-consents/preview",
        TransferConsentPreviewApi.as_view(),
        name="transfer-consent-preview",
    ),
    path(
        "me/transfer-consents/<str:consent_id>/withdraw",
        TransferConsentWithdrawApi.as_view(),
        name="transfer-consent-withdraw",
    ),
    path("me/access-log", AccessLogApi.as_view(), name="access-log"),
]

# One explicit path per type (not a catch-all) so other apps' FHIR paths are never shadowed.
fhir_urlpatterns = [
    path("Patient/<str:handle>/$everything", EverythingApi.as_view(), name="fhir-everything"),
    *(path(t, search_view(t).as_view(), name=f"fhir-search-{t.lower()}") for t in SEARCHABLE_TYPES),
]
