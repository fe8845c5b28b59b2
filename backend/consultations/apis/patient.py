"""`/api/v1/me/consultations`: the patient asks for follow-up and follows the thread."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.apis.fields import CountryField, TimeZoneField
from accounts.authentication import request_user
from accounts.selectors import actor_for
from consultations.apis.base import (
    FhirCapable,
    LocalDateTimeField,
    PatientApi,
    file_response,
    payload,
    uploads,
)
from consultations.selectors import reads
from consultations.selectors.options import consultation_options
from consultations.services.grants import Included
from consultations.services.invitations import invitation_reissue
from consultations.services.messages import message_post_by_patient
from consultations.services.requests import (
    HomeDoctor,
    NewConsultation,
    Slot,
    consultation_cancel,
    consultation_create,
    consultation_info_provide,
)
from consultations.services.scheduling import appointment_book
from consultations.texts import CONSULTATION_LANGUAGES


@extend_schema_serializer(component_name="ConsultationSlot")
class SlotSerializer(serializers.Serializer):
    start = LocalDateTimeField(help_text="Wall-clock time in `time_zone` (or with an offset)")
    minutes = serializers.IntegerField(min_value=15, max_value=180, default=30)


@extend_schema_serializer(component_name="ConsultationHomeDoctor")
class HomeDoctorSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.RegexField(
        r"^\+?[0-9 ()\-]{6,24}$", required=False, allow_blank=True, default=""
    )
    country = CountryField(max_length=2)
    time_zone = TimeZoneField(max_length=64, required=False, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs["email"] and not attrs["phone"]:
            raise serializers.ValidationError(
                {"email": ["Give an email address or a phone number."]}
            )
        return attrs


class ConsultationsApi(PatientApi):
    @extend_schema_serializer(component_name="ConsultationsInput")
    class InputSerializer(serializers.Serializer):
        hospital = serializers.UUIDField()
        department = serializers.CharField(
            max_length=200, required=False, allow_blank=True, default=""
        )
        reason = serializers.CharField(max_length=4000)
        questions = serializers.ListField(
            child=serializers.CharField(max_length=2000), max_length=20, default=list
        )
        language = serializers.ChoiceField(choices=list(CONSULTATION_LANGUAGES))
        interpreter_needed = serializers.BooleanField(default=False)
        time_zone = TimeZoneField(max_length=64, required=False, default="")
        preferred_slots = serializers.ListField(child=SlotSerializer(), max_length=10, default=list)
        include_documents = serializers.ListField(
            child=serializers.UUIDField(), max_length=100, default=list
        )
        include_sections = serializers.ListField(
            child=serializers.CharField(max_length=32), max_length=20, default=list
        )
        home_doctor = HomeDoctorSerializer(required=False, allow_null=True, default=None)

    @extend_schema(operation_id="consultations_list", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        user = request_user(request)
        rows = reads.patient_consultations(actor=actor_for(user), language=user.preferred_language)
        return Response({"results": rows})

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        user = request_user(request)
        data = self.InputSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        row = consultation_create(
            patient=user, data=_new(data.validated_data, user, uploads(request))
        )
        _, view = reads.patient_consultation(
            actor=actor_for(user), consultation_id=row.id, language=user.preferred_language
        )
        return Response(view, status=201)


def _new(v: dict[str, Any], user: Any, files: list[Any]) -> NewConsultation:
    zone = v["time_zone"] or user.time_zone
    doctor = v["home_doctor"]
    return NewConsultation(
        organization_id=v["hospital"],
        department=v["department"],
        reason=v["reason"],
        questions=list(v["questions"]),
        language=v["language"],
        interpreter_needed=v["interpreter_needed"],
        time_zone=zone,
        slots=[Slot(s["start"], s["minutes"]) for s in v["preferred_slots"]],
        included=Included([str(d) for d in v["include_documents"]], list(v["include_sections"])),
        home_doctor=HomeDoctor(**{**doctor, "time_zone": doctor["time_zone"] or zone})
        if doctor
        else None,
        files=files,
    )


class ConsultationOptionsApi(PatientApi):
    """The guided request's first step: linked hospitals with their mode explained, languages."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        return Response(consultation_options(patient=request_user(request)))


class ConsultationDetailApi(FhirCapable, PatientApi):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, consultation_id: str) -> Response:
        user = request_user(request)
        actor = actor_for(user)
        row, view = reads.patient_consultation(
            actor=actor, consultation_id=consultation_id, language=user.preferred_language
        )
        if self.wants_fhir(request):
            return Response(reads.fhir_export(actor=actor, consultation=row, viewer=reads.PATIENT))
        return Response(view)


class ConsultationMessagesApi(PatientApi):
    @extend_schema_serializer(component_name="ConsultationMessagesInput")
    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=20_000, allow_blank=True, default="")

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, consultation_id: str) -> Response:
        actor = actor_for(request_user(request))
        return Response(
            {"results": reads.patient_thread(actor=actor, consultation_id=consultation_id)}
        )

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, consultation_id: str) -> Response:
        data = self.InputSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        message = message_post_by_patient(
            patient=request_user(request),
            consultation_id=consultation_id,
            body=data.validated_data["body"],
            files=uploads(request),
        )
        return Response({"id": str(message.id)}, status=201)


class ConsultationInfoApi(ConsultationMessagesApi):
    """The patient answers "more information needed": the request goes back to the queue."""

    http_method_names = ["post", "options"]

    @extend_schema(request=ConsultationMessagesApi.InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, consultation_id: str) -> Response:
        data = self.InputSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        row = consultation_info_provide(
            patient=request_user(request),
            consultation_id=consultation_id,
            body=data.validated_data["body"],
            files=uploads(request),
        )
        return Response({"id": str(row.id), "state": row.state})


class ConsultationCancelApi(PatientApi):
    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, consultation_id: str) -> Response:
        row = consultation_cancel(patient=request_user(request), consultation_id=consultation_id)
        return Response({"id": str(row.id), "state": row.state})


class ConsultationBookApi(PatientApi):
    """The patient accepts the time the hospital proposed."""

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, consultation_id: str) -> Response:
        row = appointment_book(patient=request_user(request), consultation_id=consultation_id)
        return Response({"id": str(row.id), "state": row.state})


class ConsultationInvitationApi(PatientApi):
    """A new link and passcode for the home doctor, shown once so the patient can relay them."""

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, consultation_id: str) -> Response:
        issued = invitation_reissue(patient=request_user(request), consultation_id=consultation_id)
        response = Response({"link": issued.link, "passcode": issued.passcode}, status=201)
        response["Cache-Control"] = "no-store"
        return response


class ConsultationAttachmentApi(PatientApi):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request: Request, consultation_id: str, attachment_id: str) -> HttpResponse:
        content_type, data = reads.patient_attachment(
            actor=actor_for(request_user(request)),
            consultation_id=consultation_id,
            attachment_id=attachment_id,
        )
        return file_response(content_type, data)
