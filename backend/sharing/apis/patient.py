"""`/api/v1/me/shares`: the patient makes, lists, inspects and revokes SMART Health Links."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import SessionJWTAuthentication, request_user
from accounts.permissions import IsPatient
from accounts.selectors import actor_for
from common.actors import Actor
from sharing import selectors, services
from sharing.services.create import PRESETS


class PatientApi(APIView):
    authentication_classes = [SessionJWTAuthentication]
    permission_classes = [IsPatient]

    def actor(self, request: Request) -> Actor:
        return actor_for(request_user(request))


class ShareAccessSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    recipient = serializers.CharField(help_text="the name the recipient gave, as typed")
    country = serializers.CharField(help_text="the recipient country the share was made for")
    outcome = serializers.CharField(help_text="success or denied")
    reason = serializers.CharField(help_text="why it was denied, e.g. wrong_passcode")
    files_listed = serializers.IntegerField()
    files_embedded = serializers.IntegerField()
    files_fetched = serializers.IntegerField()


class ShareSerializer(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    flag = serializers.CharField(help_text="SHL flags: L long-term, P passcode, U single file")
    status = serializers.CharField(help_text="active, expired, revoked or locked")
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    recipient_country = serializers.CharField()
    summary = serializers.BooleanField()
    document_ids = serializers.ListField(child=serializers.CharField())
    entry_count = serializers.IntegerField()
    files = serializers.IntegerField()
    passcode_failures = serializers.IntegerField()
    attempts_left = serializers.IntegerField(allow_null=True)
    access_count = serializers.IntegerField()
    grant_id = serializers.CharField(help_text="the consent grant: /api/v1/me/consents/{id}")


class ShareDetailSerializer(ShareSerializer):
    accesses = ShareAccessSerializer(many=True)


class ShareCreatedSerializer(serializers.Serializer):
    link = serializers.CharField(help_text="shlink:/… carrying the key; shown only now")
    viewer_url = serializers.CharField()
    qr_png = serializers.CharField(help_text="PNG, base64, error correction M")
    share = ShareDetailSerializer()


class SharesApi(PatientApi):
    class InputSerializer(serializers.Serializer):
        summary = serializers.BooleanField(default=False)
        entry_ids = serializers.ListField(
            child=serializers.CharField(max_length=64), required=False, max_length=500
        )
        document_ids = serializers.ListField(
            child=serializers.CharField(max_length=64), required=False, max_length=500
        )
        expiry = serializers.ChoiceField(choices=list(PRESETS), required=False)
        expires_at = serializers.DateTimeField(required=False)
        expires_on = serializers.DateField(required=False)
        passcode = serializers.CharField(required=False, max_length=128, trim_whitespace=False)
        long_term = serializers.BooleanField(default=False)
        single_file = serializers.BooleanField(default=False)
        label = serializers.CharField(  # type: ignore[assignment]  # a field, not Field.label
            required=False, allow_blank=True, max_length=80
        )
        recipient_country = serializers.RegexField(r"^[A-Za-z]{2}$", required=False)
        recipient_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
        language = serializers.CharField(required=False, max_length=16)

        class Meta:
            ref_name = "ShareCreateInput"  # "Input" alone collides with other apps' schemas

    @extend_schema(
        responses=inline_serializer("ShareList", {"results": ShareSerializer(many=True)})
    )
    def get(self, request: Request) -> Response:
        views = selectors.shares_of(actor=self.actor(request), patient=request_user(request))
        return Response({"results": ShareSerializer(views, many=True).data})

    @extend_schema(request=InputSerializer, responses={201: ShareCreatedSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        patient = request_user(request)
        created = services.share_create(
            patient=patient, request=services.ShareRequest(**data.validated_data)
        )
        view = selectors.share_of(
            actor=self.actor(request), patient=patient, share_id=str(created.share.id)
        )
        body: dict[str, Any] = {
            "link": created.link,
            "viewer_url": created.viewer_url,
            "qr_png": created.qr_base64,
            "share": ShareDetailSerializer(view).data,
        }
        return Response(body, status=201, headers={"Cache-Control": "no-store"})


class ShareDetailApi(PatientApi):
    @extend_schema(responses=ShareDetailSerializer)
    def get(self, request: Request, share_id: str) -> Response:
        view = selectors.share_of(
            actor=self.actor(request), patient=request_user(request), share_id=share_id
        )
        return Response(ShareDetailSerializer(view).data)


class ShareRevokeApi(PatientApi):
    @extend_schema(request=None, responses=ShareDetailSerializer)
    def post(self, request: Request, share_id: str) -> Response:
        patient = request_user(request)
        services.share_revoke(patient=patient, share_id=share_id)
        view = selectors.share_of(actor=self.actor(request), patient=patient, share_id=share_id)
        return Response(ShareDetailSerializer(view).data)
