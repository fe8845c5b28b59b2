"""Signing up, in and out: register, verify email, login, refresh, logout, passwords."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.apis.fields import (
    BirthDateField,
    CountryField,
    LanguageField,
    PassportField,
    TimeZoneField,
    password_field,
)
from accounts.authentication import request_claims, request_user
from common.net import client_ip, user_agent


class PublicView(APIView):
    """No authentication at all: a stale Bearer header must not stop a login."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    expires_in = serializers.IntegerField()


def _accepted() -> Response:
    message = _("If the address can receive mail from us, a message is on its way.")
    return Response({"message": message}, status=status.HTTP_202_ACCEPTED)


class MessageSerializer(serializers.Serializer):
    message = serializers.CharField()


class AgreementGivenSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=32)
    version = serializers.CharField(max_length=32)
    language = serializers.CharField(max_length=16, required=False)


class RegisterApi(PublicView):
    @extend_schema_serializer(component_name="RegisterInput")
    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField()
        password = password_field()
        name = serializers.CharField(max_length=200)
        birth_date = BirthDateField()
        preferred_language = LanguageField(max_length=16)
        time_zone = TimeZoneField(max_length=64, default="Asia/Seoul")
        country = CountryField(max_length=2)
        passport_number = PassportField(max_length=32, required=False, allow_null=True)
        agreements = serializers.ListField(child=AgreementGivenSerializer(), max_length=8)

    @extend_schema(request=InputSerializer, responses={202: MessageSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        language = fields["preferred_language"]
        fields["agreements"] = [
            services.AgreementGiven(a["kind"], a["version"], a.get("language", language))
            for a in fields["agreements"]
        ]
        fields.setdefault("passport_number", None)
        registration = services.Registration(**fields)
        services.user_register(data=registration, client_ip=client_ip(request))
        return _accepted()


class VerifiedSerializer(serializers.Serializer):
    email_verified = serializers.BooleanField()


class VerifyEmailApi(PublicView):
    """GET is the link in the email; POST is for the app, which may read the link itself."""

    @extend_schema_serializer(component_name="VerifyEmailInput")
    class InputSerializer(serializers.Serializer):
        token = serializers.CharField(max_length=512)

    @extend_schema(parameters=[InputSerializer], responses=VerifiedSerializer)
    def get(self, request: Request) -> Response:
        return self._verify(request.query_params)

    @extend_schema(request=InputSerializer, responses=VerifiedSerializer)
    def post(self, request: Request) -> Response:
        return self._verify(request.data)

    def _verify(self, raw: object) -> Response:
        data = self.InputSerializer(data=raw)
        data.is_valid(raise_exception=True)
        services.email_verify(token=data.validated_data["token"])
        return Response({"email_verified": True})


class EmailOnlySerializer(serializers.Serializer):
    email = serializers.EmailField()


class VerifyEmailResendApi(PublicView):
    @extend_schema(request=EmailOnlySerializer, responses={202: MessageSerializer})
    def post(self, request: Request) -> Response:
        data = EmailOnlySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.verification_resend(
            email=data.validated_data["email"], client_ip=client_ip(request)
        )
        return _accepted()


class LoginApi(PublicView):
    @extend_schema_serializer(component_name="LoginInput")
    class InputSerializer(serializers.Serializer):
        email = serializers.CharField(max_length=254)
        password = password_field()
        otp = serializers.CharField(max_length=16, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses=TokenPairSerializer)
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pair = services.auth_login(
            email=data.validated_data["email"],
            password=data.validated_data["password"],
            otp=data.validated_data.get("otp"),
            client_ip=client_ip(request),
            user_agent=user_agent(request),
        )
        return Response(TokenPairSerializer(pair).data)


class RefreshSerializer(serializers.Serializer):
    refresh = serializers.CharField(max_length=128)


class RefreshApi(PublicView):
    @extend_schema(request=RefreshSerializer, responses=TokenPairSerializer)
    def post(self, request: Request) -> Response:
        data = RefreshSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pair = services.session_refresh(refresh=data.validated_data["refresh"])
        return Response(TokenPairSerializer(pair).data)


class LogoutApi(PublicView):
    @extend_schema(request=RefreshSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        data = RefreshSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.session_logout(refresh=data.validated_data["refresh"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema_serializer(component_name="PasswordChangeInput")
    class InputSerializer(serializers.Serializer):
        current_password = password_field()
        new_password = password_field()

    @extend_schema(request=InputSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.password_change(
            user=request_user(request),
            session_id=request_claims(request).session_id,
            **data.validated_data,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordResetApi(PublicView):
    @extend_schema(request=EmailOnlySerializer, responses={202: MessageSerializer})
    def post(self, request: Request) -> Response:
        data = EmailOnlySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.password_reset_request(
            email=data.validated_data["email"], client_ip=client_ip(request)
        )
        return _accepted()


class PasswordResetConfirmApi(PublicView):
    @extend_schema_serializer(component_name="PasswordResetConfirmInput")
    class InputSerializer(serializers.Serializer):
        token = serializers.CharField(max_length=512)
        new_password = password_field()

    @extend_schema(request=InputSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.password_reset_confirm(**data.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)
