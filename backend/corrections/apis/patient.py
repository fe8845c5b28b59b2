"""`/api/v1/me/records/{id}/corrections` and `/api/v1/me/corrections`: the patient asks the
source hospital to correct a record, and follows what became of each request."""

from __future__ import annotations

from uuid import UUID

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import SessionJWTAuthentication, request_user
from accounts.permissions import IsPatient
from accounts.selectors import actor_for
from corrections.selectors import correction_view, corrections_of
from corrections.services import correction_request


class PatientApi(APIView):
    authentication_classes = [SessionJWTAuthentication]
    permission_classes = [IsPatient]


class CorrectionCreateApi(PatientApi):
    class InputSerializer(serializers.Serializer):
        # The length limit is the service's (settings.CORRECTIONS_MAX_TEXT): one place.
        text = serializers.CharField(trim_whitespace=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request, entry_id: UUID) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = request_user(request)
        row = correction_request(
            actor=actor_for(user), patient=user, entry_id=entry_id, text=data.validated_data["text"]
        )
        return Response(
            correction_view(row, user.preferred_language), status=status.HTTP_201_CREATED
        )


class CorrectionsApi(PatientApi):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        user = request_user(request)
        return Response({"results": corrections_of(actor=actor_for(user), patient=user)})
