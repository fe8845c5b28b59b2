"""A refusal is recorded even though the refused request's changes roll back."""

import pytest
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from audit import services as audit
from audit.models import AuditEvent
from common.actors import Actor
from common.exceptions import Forbidden
from common.models import DataKey

MALLORY = Actor("patient", "m1", "patient")


class RefusedAfterWriting(APIView):
    """Writes, then discovers it must refuse: the write rolls back, the refusal stays."""

    permission_classes = [AllowAny]

    def post(self, request):  # type: ignore[no-untyped-def]
        try:
            with audit.atomic():
                DataKey.objects.create(
                    owner_id="00000000-0000-0000-0000-000000000001", kid="k", wrapped=b"x"
                )
                audit.record(actor=MALLORY, action="share.create", patient_id="p1")
                raise Forbidden("This patient has not granted access.")
        except Forbidden:
            audit.record_refusal(
                actor=MALLORY, action="share.create", reason="no_grant", patient_id="p1"
            )
            raise
        return Response({})


urlpatterns = [path("api/v1/refused", RefusedAfterWriting.as_view())]


@pytest.mark.urls(__name__)
def test_a_refusal_survives_the_rollback_of_its_request(transactional_db, client):
    response = client.post("/api/v1/refused", REMOTE_ADDR="198.51.100.4", HTTP_USER_AGENT="curl/8")
    assert response.status_code == 403
    assert not DataKey.objects.exists()
    events = list(AuditEvent.objects.all())
    assert len(events) == 1
    event = events[0]
    assert (event.action, event.outcome, event.detail["reason"]) == (
        "share.create",
        "denied",
        "no_grant",
    )
    assert event.client_ip == "198.51.100.4" and event.user_agent == "curl/8"
