"""The patient reading their record: timeline, one record, merged summary, hide/unhide and
the IPS export. Bodies are built with orjson and stored resources are spliced in as bytes
(STACK.md: DRF serializers and renderers cost several times the database read)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import orjson
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from accounts.authentication import SessionJWTAuthentication, request_user
from accounts.permissions import IsPatient
from accounts.selectors import actor_for
from records import params
from records.selectors import merged_summary, record_detail, timeline
from records.selectors.export import fhir_export
from records.services.visibility import entry_hide, entry_unhide

JSON = "application/json"
FHIR_JSON = "application/fhir+json"


def _param(name: str, description: str, kind: Any = OpenApiTypes.STR) -> OpenApiParameter:
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, description=description)


LANG = _param("lang", "ko, en, ja, zh-Hans, zh-Hant or th; default: your preferred language")
INCLUDE = _param("include", "hidden, retracted (comma-separated) to include those entries")


def _json(body: dict[str, Any], content_type: str = JSON) -> HttpResponse:
    return HttpResponse(orjson.dumps(body), content_type=content_type)


class PatientApi(APIView):
    authentication_classes = [SessionJWTAuthentication]
    permission_classes = [IsPatient]


class TimelineApi(PatientApi):
    @extend_schema(
        parameters=[
            _param("kind", "IPS section keys or document kinds, comma-separated"),
            _param("hospital", "source organization id", OpenApiTypes.UUID),
            _param("from", "first day, YYYY-MM-DD", OpenApiTypes.DATE),
            _param("to", "last day, YYYY-MM-DD", OpenApiTypes.DATE),
            _param("cursor", "the `next` of the previous page"),
            _param("limit", "1-200, default 50", OpenApiTypes.INT),
            INCLUDE,
            LANG,
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> HttpResponse:
        user = request_user(request)
        query = params.timeline_query(request.query_params, user)
        page = timeline(actor=actor_for(user), patient=user, query=query)
        following = None
        if page.next is not None:
            url = request.build_absolute_uri()
            following = replace_query_param(url, "cursor", page.next.encode())
        return _json({"next": following, "results": page.results})


class RecordApi(PatientApi):
    @extend_schema(
        parameters=[_param("version", "a version number of the document", OpenApiTypes.INT), LANG],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, entry_id: UUID) -> HttpResponse:
        user = request_user(request)
        view = record_detail(
            actor=actor_for(user),
            patient=user,
            entry_id=entry_id,
            version=params.version(request.query_params),
            language=params.language(request.query_params, user),
        )
        return HttpResponse(view.body(), content_type=JSON)


class SummaryApi(PatientApi):
    @extend_schema(parameters=[LANG, INCLUDE], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> HttpResponse:
        user = request_user(request)
        body = merged_summary(
            actor=actor_for(user),
            patient=user,
            language=params.language(request.query_params, user),
            include_hidden="hidden" in params.include(request.query_params),
        )
        return _json(body)


class FhirExportApi(PatientApi):
    # The IPS Bundle is application/fhir+json: say so, or clients (and the API fuzzer) expect
    # application/json.
    @extend_schema(parameters=[LANG, INCLUDE], responses={(200, FHIR_JSON): OpenApiTypes.OBJECT})
    def get(self, request: Request) -> HttpResponse:
        user = request_user(request)
        bundle = fhir_export(
            actor=actor_for(user),
            patient=user,
            language=params.language(request.query_params, user),
            include_hidden="hidden" in params.include(request.query_params),
        )
        return _json(bundle, FHIR_JSON)


class HideApi(PatientApi):
    hidden = True

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    def post(self, request: Request, entry_id: UUID) -> HttpResponse:
        user = request_user(request)
        change = entry_hide if self.hidden else entry_unhide
        hidden = change(actor=actor_for(user), patient_id=user.id, entry_id=entry_id)
        return _json({"id": str(entry_id), "hidden": hidden})


class UnhideApi(HideApi):
    hidden = False
