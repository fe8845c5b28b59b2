"""`/api/v1/me/consents`: the patient's grants, given, listed, exported and revoked."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.authentication import request_user
from common.fhir_http import FHIR_JSON, FhirJsonRenderer
from consent import selectors, services
from consent.apis.base import PatientApi
from consent.fhir.consent import consent_bundle, consent_resource
from consent.models import GranteeType, Purpose


class GrantOutputSerializer(serializers.Serializer):
    id = serializers.CharField()
    kind = serializers.CharField(help_text="read: may read data; push: may send records")
    grantee_type = serializers.CharField()
    grantee_id = serializers.CharField()
    grantee_name = serializers.CharField()
    recipient_country = serializers.CharField()
    purpose = serializers.CharField()
    status = serializers.CharField(help_text="active, scheduled, expired or revoked")
    starts_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    patient_reference = serializers.CharField(
        help_text="The Patient id the hospital's system reads under (Patient/{id}/$everything)"
    )
    sections = serializers.ListField(child=serializers.CharField())
    kinds = serializers.ListField(child=serializers.CharField())
    document_ids = serializers.ListField(child=serializers.CharField())
    source_organization_ids = serializers.ListField(child=serializers.CharField())
    data_from = serializers.DateField(allow_null=True)
    data_to = serializers.DateField(allow_null=True)
    transfer_consent_id = serializers.CharField(allow_null=True)


GrantListSerializer = inline_serializer("GrantList", {"results": GrantOutputSerializer(many=True)})
FHIR_FORMAT = OpenApiParameter(
    "format", str, enum=["fhir"], description="fhir: FHIR R4 Consent (a Bundle for the list)"
)


def _by_format(serializer: Any) -> dict[Any, Any]:
    # Each media type its own body: without this the schema promised the JSON shape for the
    # FHIR answer too, and the API fuzzer (tests/fuzz) found the FHIR Bundle breaking it.
    return {(200, "application/json"): serializer, (200, FHIR_JSON): OpenApiTypes.OBJECT}


def _wants_fhir(request: Request) -> bool:
    renderer = getattr(request, "accepted_renderer", None)
    return getattr(renderer, "format", "") == "fhir"


class ConsentsApi(PatientApi):
    """GET: every grant (`?format=fhir`: a Bundle of FHIR Consents). POST: a read grant."""

    renderer_classes = [JSONRenderer, FhirJsonRenderer]

    @extend_schema_serializer(component_name="GrantInput")
    class InputSerializer(serializers.Serializer):
        class GranteeSerializer(serializers.Serializer):
            type = serializers.ChoiceField(choices=[GranteeType.ORGANIZATION, GranteeType.STAFF])
            id = serializers.UUIDField(required=False)
            identifier = serializers.CharField(max_length=64, required=False)

        grantee = GranteeSerializer()
        purpose = serializers.ChoiceField(choices=Purpose.choices)
        sections = serializers.ListField(
            child=serializers.CharField(max_length=32), required=False, max_length=32
        )
        kinds = serializers.ListField(
            child=serializers.CharField(max_length=32), required=False, max_length=32
        )
        document_ids = serializers.ListField(
            child=serializers.UUIDField(), required=False, max_length=200
        )
        source_organization_ids = serializers.ListField(
            child=serializers.UUIDField(), required=False, max_length=50
        )
        data_from = serializers.DateField(required=False, allow_null=True)
        data_to = serializers.DateField(required=False, allow_null=True)
        starts_at = serializers.DateTimeField(required=False, allow_null=True)
        expires_at = serializers.DateTimeField()

    @extend_schema(parameters=[FHIR_FORMAT], responses=_by_format(GrantListSerializer))
    def get(self, request: Request) -> Response:
        views = selectors.grants_of(actor=self.actor(request), patient=request_user(request))
        if _wants_fhir(request):
            return Response(consent_bundle(views))
        return Response({"results": GrantOutputSerializer(views, many=True).data})

    @extend_schema(request=InputSerializer, responses={201: GrantOutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        terms = dict(data.validated_data)
        grantee = terms.pop("grantee")
        for name in ("document_ids", "source_organization_ids"):
            terms[name] = [str(value) for value in terms.get(name, [])]
        grant = services.organization_grant_create(
            patient=request_user(request),
            grantee_type=grantee["type"],
            organization={k: str(v) for k, v in grantee.items() if k != "type"},
            terms=terms,
        )
        view = selectors.grant_of(
            actor=self.actor(request), patient=request_user(request), grant_id=str(grant.id)
        )
        return Response(GrantOutputSerializer(view).data, status=201)


class ConsentDetailApi(PatientApi):
    """GET one grant (`?format=fhir`: as a FHIR R4 Consent)."""

    renderer_classes = [JSONRenderer, FhirJsonRenderer]

    @extend_schema(
        parameters=[FHIR_FORMAT],
        responses=_by_format(GrantOutputSerializer),
        operation_id="consent_detail",
    )
    def get(self, request: Request, grant_id: str) -> Response:
        view = selectors.grant_of(
            actor=self.actor(request), patient=request_user(request), grant_id=grant_id
        )
        if _wants_fhir(request):
            return Response(consent_resource(view))
        return Response(GrantOutputSerializer(view).data)


class ConsentRevokeApi(PatientApi):
    """POST: revoke a read grant or a hospital link; effective on the grantee's next request."""

    @extend_schema(request=None, responses=GrantOutputSerializer)
    def post(self, request: Request, grant_id: str) -> Response:
        services.grant_revoke(patient=request_user(request), grant_id=grant_id)
        view = selectors.grant_of(
            actor=self.actor(request), patient=request_user(request), grant_id=grant_id
        )
        return Response(GrantOutputSerializer(view).data)
