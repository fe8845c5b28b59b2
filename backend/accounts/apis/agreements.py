"""The legal agreements: their texts (public) and the patient's own."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import agreement_texts, selectors, services
from accounts.authentication import request_user
from accounts.permissions import IsPatient


class AgreementTextsApi(APIView):
    """What a person reads before agreeing: every kind's current text in one language."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    @extend_schema_serializer(component_name="AgreementText")
    class OutputSerializer(serializers.Serializer):
        kind = serializers.CharField()
        version = serializers.CharField()
        language = serializers.CharField()
        required = serializers.BooleanField()  # type: ignore[assignment]  # as below
        title = serializers.CharField()
        text = serializers.CharField()

    @extend_schema(
        parameters=[OpenApiParameter("language", str, description="ko, en, ja, zh-Hans …")],
        responses=OutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        language = str(request.query_params.get("language", "en"))[:16]
        texts = [agreement_texts.text(k, language=language) for k in agreement_texts.kinds()]
        return Response(self.OutputSerializer(texts, many=True).data)


class AgreementStateSerializer(serializers.Serializer):
    kind = serializers.CharField()
    # DRF moves declared fields off the class; mypy sees Field.required, a plain attribute.
    required = serializers.BooleanField()  # type: ignore[assignment]
    current_version = serializers.CharField()
    status = serializers.CharField()
    version = serializers.CharField(allow_null=True)
    language = serializers.CharField(allow_null=True)
    given_at = serializers.DateTimeField(allow_null=True)
    withdrawn_at = serializers.DateTimeField(allow_null=True)


class AgreementChangedSerializer(AgreementStateSerializer):
    effect = serializers.CharField(allow_null=True)


class MyAgreementsApi(APIView):
    permission_classes = [IsPatient]

    @extend_schema_serializer(component_name="AgreementChangeInput")
    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=agreement_texts.kinds())
        action = serializers.ChoiceField(choices=["give", "withdraw"])
        version = serializers.CharField(max_length=32, required=False)
        language = serializers.CharField(max_length=16, required=False)

        def validate(self, attrs: dict) -> dict:
            if attrs["action"] == "give" and not attrs.get("version"):
                raise serializers.ValidationError({"version": [_("Say which text you agree to.")]})
            return attrs

    @extend_schema(responses=AgreementStateSerializer(many=True))
    def get(self, request: Request) -> Response:
        states = selectors.agreements_of(request_user(request))
        return Response(AgreementStateSerializer(states, many=True).data)

    @extend_schema(request=InputSerializer, responses=AgreementChangedSerializer)
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user, kind = request_user(request), data.validated_data["kind"]
        if data.validated_data["action"] == "withdraw":
            state = services.agreement_withdraw(user=user, kind=kind)
            effect = services.withdrawal_effect(kind)
        else:
            language = data.validated_data.get("language", user.preferred_language)
            item = services.AgreementGiven(kind, data.validated_data["version"], language)
            state, effect = services.agreement_give(user=user, item=item), None
        return Response({**AgreementStateSerializer(state).data, "effect": effect})
