"""Hospital URLs in three families: SMART discovery/token, FHIR, and the patient API."""

from django.urls import path

from hospitals.apis.fhir import PatientLinkApi, PatientReadApi, metadata
from hospitals.apis.patient import LinkCodesApi, LinkDetailApi, LinksApi
from hospitals.apis.smart import TokenApi, smart_configuration

smart_urlpatterns = [
    path(".well-known/smart-configuration", smart_configuration, name="smart-configuration"),
    path("auth/token", TokenApi.as_view(), name="smart-token"),
]
fhir_urlpatterns = [
    path("metadata", metadata, name="fhir-metadata"),
    path("Patient/$link", PatientLinkApi.as_view(), name="fhir-patient-link"),
    path("Patient/<str:link_id>", PatientReadApi.as_view(), name="fhir-patient-read"),
]
api_urlpatterns = [
    path("me/link-codes", LinkCodesApi.as_view(), name="link-codes"),
    path("me/links", LinksApi.as_view(), name="links"),
    path("me/links/<str:link_id>", LinkDetailApi.as_view(), name="link-detail"),
]
