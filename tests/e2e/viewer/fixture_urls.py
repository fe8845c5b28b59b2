"""The viewer as served, beside the test-only SHL server (tests use @pytest.mark.urls)."""

from django.urls import include, path

from tests.e2e.viewer import fixture_server

urlpatterns = [
    path("viewer/", include("viewer.urls")),
    path("shl/<str:manifest_id>", fixture_server.manifest),
    path("shl/<str:manifest_id>/file/<str:file_id>", fixture_server.shared_file),
]
