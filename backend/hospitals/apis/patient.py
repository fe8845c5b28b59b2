"""The patient's side of linking: make a code, see and revoke links."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import SessionJWTAuthentication, request_user
from accounts.permissions import IsPatient
from accounts.selectors import actor_for
from hospitals.selectors import link_summaries
from hospitals.services import link_code_create, link_revoke


class PatientApi(APIView):
    authentication_classes = [SessionJWTAuthentication]
    permission_classes = [IsPatient]


class LinkCodesApi(PatientApi):
    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField()
        expires_at = serializers.DateTimeField()
        qr_png = serializers.CharField(help_text="QR code of the code, base64 PNG")

    def post(self, request: Request) -> Response:
        result = link_code_create(
            patient_id=request_user(request).id, actor=actor_for(request_user(request))
        )
        return Response(self.OutputSerializer(result).data, status=201)


class LinksApi(PatientApi):
    class OutputSerializer(serializers.Serializer):
        id = serializers.UUIDField()
        organization = serializers.DictField()
        status = serializers.CharField()
        linked_at = serializers.DateTimeField()
        revoked_at = serializers.DateTimeField(allow_null=True)
        documents = serializers.IntegerField()

    def get(self, request: Request) -> Response:
        links = link_summaries(
            patient_id=request_user(request).id, language=request_user(request).preferred_language
        )
        return Response({"results": self.OutputSerializer(links, many=True).data})


class LinkDetailApi(PatientApi):
    def delete(self, request: Request, link_id: str) -> Response:
        link_revoke(
            patient_id=request_user(request).id,
            link_id=link_id,
            actor=actor_for(request_user(request)),
        )
        return Response(status=204)
