"""Sharing URLs in two families: the patient API (/api/v1/) and the SHL protocol (/shl/)."""

from django.urls import path

from sharing.apis import protocol
from sharing.apis.patient import ShareDetailApi, ShareRevokeApi, SharesApi

api_urlpatterns = [
    path("me/shares", SharesApi.as_view(), name="shares"),
    path("me/shares/<str:share_id>", ShareDetailApi.as_view(), name="share-detail"),
    path("me/shares/<str:share_id>/revoke", ShareRevokeApi.as_view(), name="share-revoke"),
]

shl_urlpatterns = [
    path("<str:manifest_id>", protocol.manifest, name="shl-manifest"),
    path("<str:manifest_id>/file/<str:file_id>", protocol.shared_file, name="shl-file"),
]
