"""`/api/v1/me/deletion`: what deleting the account does (GET, with the word to type) and
doing it (POST with the password and that word). The answer says what remains and why."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.authentication import request_user
from common.net import client_ip
from exports.apis.pdf import LANG, PatientApi
from exports.deletion.confirm import account_delete, deletion_terms
from records import params


class DeletionApi(PatientApi):
    class InputSerializer(serializers.Serializer):
        password = serializers.CharField(max_length=256, trim_whitespace=False)
        phrase = serializers.CharField(max_length=64)

    @extend_schema(parameters=[LANG], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        user = request_user(request)
        language = params.language(request.query_params, user)
        return Response(deletion_terms(user=user, language=language))

    @extend_schema(request=InputSerializer, responses={200: OpenApiTypes.OBJECT})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = account_delete(
            user=request_user(request), client_ip=client_ip(request), **data.validated_data
        )
        return Response(result)
