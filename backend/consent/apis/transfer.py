"""`/api/v1/me/transfer-consents`: read the transfer-abroad text, give it, withdraw it."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.authentication import request_user
from consent import services
from consent.apis.base import PatientApi
from consent.selectors.transfer import transfer_consents_of


class TermsSerializer(serializers.Serializer):
    recipient_name = serializers.CharField(max_length=200)
    country = serializers.RegexField(r"^[A-Za-z]{2}$", help_text="ISO 3166-1 alpha-2")
    items = serializers.ListField(
        child=serializers.CharField(max_length=32),
        min_length=1,
        max_length=32,
        help_text='Section keys or document kinds, or ["all"]',
    )
    starts_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    language = serializers.CharField(max_length=16, required=False, default="")

    def terms(self) -> services.TransferTerms:
        data = self.validated_data
        return services.TransferTerms(
            recipient_name=data["recipient_name"],
            country=data["country"].upper(),
            items=list(data["items"]),
            starts_at=data["starts_at"],
            expires_at=data["expires_at"],
        )


class TransferConsentOutputSerializer(serializers.Serializer):
    id = serializers.CharField()
    recipient_name = serializers.CharField()
    country = serializers.CharField()
    items = serializers.ListField(child=serializers.CharField())
    starts_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    language = serializers.CharField()
    given_at = serializers.DateTimeField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)


class TransferConsentPreviewApi(PatientApi):
    """POST the terms: the text to show, in the patient's language, and its digest."""

    class OutputSerializer(serializers.Serializer):
        language = serializers.CharField()
        title = serializers.CharField()
        text = serializers.CharField()
        digest = serializers.CharField(help_text="Send it back to give exactly this consent")

    @extend_schema(request=TermsSerializer, responses=OutputSerializer)
    def post(self, request: Request) -> Response:
        data = TermsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        preview = services.transfer_consent_preview(
            patient=request_user(request),
            terms=data.terms(),
            language=data.validated_data["language"],
        )
        return Response(self.OutputSerializer(preview).data)


GivenSerializer = inline_serializer(
    "TransferConsentGiven", {"id": serializers.CharField(), "given_at": serializers.DateTimeField()}
)


class TransferConsentsApi(PatientApi):
    @extend_schema_serializer(component_name="TransferConsentInput")
    class InputSerializer(TermsSerializer):
        digest = serializers.RegexField(r"^[0-9a-f]{64}$")

    @extend_schema(
        responses=inline_serializer(
            "TransferConsentList", {"results": TransferConsentOutputSerializer(many=True)}
        )
    )
    def get(self, request: Request) -> Response:
        rows = transfer_consents_of(actor=self.actor(request), patient=request_user(request))
        return Response({"results": TransferConsentOutputSerializer(rows, many=True).data})

    @extend_schema(request=InputSerializer, responses={201: GivenSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.transfer_consent_give(
            patient=request_user(request),
            terms=data.terms(),
            text_digest=data.validated_data["digest"],
            language=data.validated_data["language"],
        )
        return Response({"id": str(row.id), "given_at": row.given_at}, status=201)


class TransferConsentWithdrawApi(PatientApi):
    @extend_schema(
        request=None,
        responses=inline_serializer(
            "TransferConsentWithdrawn",
            {"id": serializers.CharField(), "withdrawn_at": serializers.DateTimeField()},
        ),
    )
    def post(self, request: Request, consent_id: str) -> Response:
        row = services.transfer_consent_withdraw(
            patient=request_user(request), consent_id=consent_id
        )
        return Response({"id": str(row.id), "withdrawn_at": row.withdrawn_at})
