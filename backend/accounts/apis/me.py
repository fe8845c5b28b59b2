"""The signed-in person: profile, account deactivation, devices (sessions)."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.apis.fields import (
    BirthDateField,
    CountryField,
    LanguageField,
    PassportField,
    TimeZoneField,
    password_field,
)
from accounts.authentication import request_claims, request_user
from accounts.models import User
from accounts.permissions import IsPatient, IsStaff
from common.net import client_ip


class ProfileSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    role = serializers.CharField()
    name = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    preferred_language = serializers.CharField()
    time_zone = serializers.CharField()
    country = serializers.CharField()
    passport_number_hint = serializers.SerializerMethodField()
    email_verified = serializers.SerializerMethodField()
    date_joined = serializers.DateTimeField()

    def get_passport_number_hint(self, user: User) -> str | None:
        return selectors.passport_hint(user)

    def get_email_verified(self, user: User) -> bool:
        return user.email_verified_at is not None


class MeApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema_serializer(component_name="ProfileUpdate")
    class UpdateSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=200, required=False)
        birth_date = BirthDateField(required=False)
        preferred_language = LanguageField(max_length=16, required=False)
        time_zone = TimeZoneField(max_length=64, required=False)
        country = CountryField(max_length=2, required=False)
        passport_number = PassportField(max_length=32, required=False, allow_null=True)

    @extend_schema_serializer(component_name="AccountDeletion")
    class DeleteSerializer(serializers.Serializer):
        password = password_field()
        phrase = serializers.CharField(
            max_length=64, help_text="The word from GET /api/v1/me/deletion, typed by the patient"
        )

    @extend_schema(responses=ProfileSerializer)
    def get(self, request: Request) -> Response:
        return Response(ProfileSerializer(request_user(request)).data)

    @extend_schema(request=UpdateSerializer, responses=ProfileSerializer)
    def patch(self, request: Request) -> Response:
        data = self.UpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = services.user_update(user=request_user(request), changes=data.validated_data)
        return Response(ProfileSerializer(user).data)

    def get_permissions(self) -> list[Any]:
        # Staff and operator accounts are closed by an operator, not by themselves.
        return [IsPatient()] if self.request.method == "DELETE" else [IsAuthenticated()]

    @extend_schema(request=DeleteSerializer, responses={200: OpenApiTypes.OBJECT})
    def delete(self, request: Request) -> Response:
        # One deletion path with one confirmation (password and the typed word), whichever
        # URL the app uses: POST /api/v1/me/deletion is the same service.
        from exports.deletion.confirm import account_delete

        data = self.DeleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = account_delete(
            user=request_user(request), client_ip=client_ip(request), **data.validated_data
        )
        return Response(result)


class SessionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    created_at = serializers.DateTimeField()
    last_seen_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    user_agent = serializers.CharField()
    client_ip = serializers.CharField()
    current = serializers.SerializerMethodField()

    def get_current(self, session: Any) -> bool:
        return bool(session.id == self.context["session_id"])


class SessionsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=SessionSerializer(many=True))
    def get(self, request: Request) -> Response:
        sessions = selectors.sessions_of(request_user(request))
        context = {"session_id": request_claims(request).session_id}
        return Response(SessionSerializer(sessions, many=True, context=context).data)


class SessionDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None})
    def delete(self, request: Request, session_id: uuid.UUID) -> Response:
        services.session_revoke(user=request_user(request), session_id=session_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class StaffMeApi(APIView):
    """The staff console's "who am I": staff sessions only."""

    permission_classes = [IsStaff]

    @extend_schema_serializer(component_name="StaffProfile")
    class OutputSerializer(serializers.Serializer):
        id = serializers.UUIDField()
        email = serializers.EmailField()
        role = serializers.CharField()
        name = serializers.CharField()
        preferred_language = serializers.CharField()
        time_zone = serializers.CharField()

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(request_user(request)).data)
