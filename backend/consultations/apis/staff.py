"""`/api/v1/staff/consultations`: what the staff console (and tests) drive. Scoped to the
staff member's hospitals: another hospital's consultation is the same 404 as a missing one."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.apis.fields import TimeZoneField
from accounts.authentication import request_user
from consultations.apis.base import (
    FhirCapable,
    LocalDateTimeField,
    StaffApi,
    file_response,
    payload,
    uploads,
)
from consultations.models import Consultation, State
from consultations.selectors import reads
from consultations.selectors.access import staff_actor
from consultations.services import scheduling, triage
from consultations.services.messages import message_post_by_staff
from consultations.services.portal import licence_decide
from consultations.zones import instant_of


def _state(row: Consultation) -> Response:
    return Response({"id": str(row.id), "state": row.state})


class StaffConsultationsApi(StaffApi):
    @extend_schema(operation_id="staff_consultations_list", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        state = request.query_params.get("state", "")
        if state not in State.values:
            state = ""
        return Response({"results": reads.staff_queue(user=request_user(request), state=state)})


class StaffConsultationDetailApi(FhirCapable, StaffApi):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, consultation_id: str) -> Response:
        user = request_user(request)
        row, view = reads.staff_consultation(user=user, consultation_id=consultation_id)
        if self.wants_fhir(request):
            bundle = reads.fhir_export(
                actor=staff_actor(user), consultation=row, viewer=reads.STAFF
            )
            return Response(bundle)
        return Response(view)


class StaffAcceptApi(StaffApi):
    @extend_schema_serializer(component_name="StaffAcceptInput")
    class InputSerializer(serializers.Serializer):
        doctor = serializers.UUIDField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, consultation_id: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = triage.consultation_accept(
            user=request_user(request),
            consultation_id=consultation_id,
            doctor_id=data.validated_data["doctor"],
        )
        return _state(row)


class StaffDeclineApi(StaffApi):
    @extend_schema_serializer(component_name="StaffDeclineInput")
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=4000)

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, consultation_id: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = triage.consultation_decline(
            user=request_user(request),
            consultation_id=consultation_id,
            reason=data.validated_data["reason"],
        )
        return _state(row)


class StaffInfoRequestApi(StaffApi):
    @extend_schema_serializer(component_name="StaffInfoRequestInput")
    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=20_000)

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, consultation_id: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = triage.consultation_info_request(
            user=request_user(request),
            consultation_id=consultation_id,
            body=data.validated_data["body"],
        )
        return _state(row)


class StaffProposeApi(StaffApi):
    @extend_schema_serializer(component_name="StaffProposeInput")
    class InputSerializer(serializers.Serializer):
        starts_at = LocalDateTimeField(help_text="With an offset, or wall-clock in time_zone")
        time_zone = TimeZoneField(max_length=64, required=False, default="Asia/Seoul")
        minutes = serializers.IntegerField(min_value=10, max_value=240, default=30)
        video_link = serializers.URLField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, consultation_id: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        row = scheduling.appointment_propose(
            user=request_user(request),
            consultation_id=consultation_id,
            starts_at=instant_of(v["starts_at"], v["time_zone"], field="starts_at"),
            minutes=v["minutes"],
            video_link=v["video_link"],
        )
        return _state(row)


class StaffAnswerApi(StaffApi):
    @extend_schema_serializer(component_name="StaffAnswerInput")
    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=20_000)

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, consultation_id: str) -> Response:
        data = self.InputSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        row = triage.consultation_answer(
            user=request_user(request),
            consultation_id=consultation_id,
            body=data.validated_data["body"],
            files=uploads(request),
        )
        return _state(row)


class StaffCloseApi(StaffApi):
    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, consultation_id: str) -> Response:
        row = triage.consultation_close(user=request_user(request), consultation_id=consultation_id)
        return _state(row)


class StaffMessagesApi(StaffApi):
    @extend_schema_serializer(component_name="StaffMessagesInput")
    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=20_000, allow_blank=True, default="")
        clinical = serializers.BooleanField(
            default=True,
            help_text="Clinical content: withheld "
            "from the patient (default mode) and from an "
            "unconfirmed home doctor",
        )

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, consultation_id: str) -> Response:
        rows = reads.staff_thread(user=request_user(request), consultation_id=consultation_id)
        return Response({"results": rows})

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, consultation_id: str) -> Response:
        data = self.InputSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        message = message_post_by_staff(
            user=request_user(request),
            consultation_id=consultation_id,
            body=data.validated_data["body"],
            files=uploads(request),
            clinical=data.validated_data["clinical"],
        )
        return Response({"id": str(message.id)}, status=201)


class StaffLicenceApi(StaffApi):
    @extend_schema_serializer(component_name="StaffLicenceInput")
    class InputSerializer(serializers.Serializer):
        decision = serializers.ChoiceField(choices=["confirmed", "rejected"])

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, consultation_id: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = licence_decide(
            user=request_user(request),
            consultation_id=consultation_id,
            confirmed=data.validated_data["decision"] == "confirmed",
        )
        return Response({"licence_state": invitation.licence_state})


class StaffRecordsApi(StaffApi):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, consultation_id: str) -> Response:
        rows = reads.staff_records(user=request_user(request), consultation_id=consultation_id)
        return Response({"results": rows})


class StaffAttachmentApi(StaffApi):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request: Request, consultation_id: str, attachment_id: str) -> HttpResponse:
        content_type, data = reads.staff_attachment(
            user=request_user(request), consultation_id=consultation_id, attachment_id=attachment_id
        )
        return file_response(content_type, data)
