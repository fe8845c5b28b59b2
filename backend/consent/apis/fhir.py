"""Hospital reads under a grant: `Patient/{id}/$everything` and searches by resource type.

Only what the patient's grant covers is returned, as a searchset Bundle whose `total` counts
only that; without a standing grant the answer is 404, as if the patient did not exist.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpResponse
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from common.exceptions import Forbidden, NotAuthenticated, ValidationFailed
from common.fhir_http import FHIR_JSON
from consent.fhir import paging
from consent.fhir.bundles import fhir_url, searchset
from consent.selectors import hospital_read
from hospitals.apis.fhir import FhirSystemApi
from hospitals.principal import SystemPrincipal

# The types the index files (records.services.resources), searchable by `patient`.
SEARCHABLE_TYPES = (
    "AllergyIntolerance",
    "CarePlan",
    "ClinicalImpression",
    "Composition",
    "Condition",
    "Consent",
    "Device",
    "DeviceUseStatement",
    "DiagnosticReport",
    "DocumentReference",
    "Encounter",
    "Flag",
    "ImagingStudy",
    "Immunization",
    "MedicationAdministration",
    "MedicationDispense",
    "MedicationRequest",
    "MedicationStatement",
    "Observation",
    "Procedure",
    "ServiceRequest",
)
PAGING_PARAMS = {"_count", "_cursor"}


class CompartmentReadScope(BasePermission):
    """`system/Patient.r` reads the patient's compartment (the grant decides what is in it);
    a search of one type is also allowed by that type's own SMART v2 search scope."""

    def has_permission(self, request: Request, view: Any) -> bool:
        principal = request.user
        if not isinstance(principal, SystemPrincipal):
            raise NotAuthenticated("Send a bearer token from /auth/token.")
        resource_type = getattr(view, "resource_type", "Patient")
        accepted = {"system/Patient.r", f"system/{resource_type}.s", f"system/{resource_type}.rs"}
        if not accepted & principal.scopes:
            raise Forbidden("This needs the scope system/Patient.r.")
        return True


def _page(params: Any, allowed: set[str]) -> paging.PageRequest:
    unknown = sorted(set(params) - allowed)
    if unknown:
        error = ValidationFailed(f"Unsupported parameter: {', '.join(unknown)[:100]}.")
        error.fhir_code = "not-supported"
        raise error
    return paging.PageRequest(
        count=paging.parse_count(params.get("_count")),
        after=paging.decode_cursor(params.get("_cursor")),
    )


def _respond(body: dict[str, Any]) -> HttpResponse:
    return HttpResponse(orjson.dumps(body), content_type=FHIR_JSON)


def _links(path: str, page: paging.PageRequest, cursor: str | None, **extra: str) -> tuple:
    params = {**extra, "_count": str(page.count)}
    next_url = fhir_url(path, {**params, "_cursor": cursor}) if cursor else None
    return fhir_url(path, params), next_url


class EverythingApi(FhirSystemApi):
    schema = None  # FHIR, described by the CapabilityStatement and docs/api.md
    permission_classes = [CompartmentReadScope]

    def get(self, request: Request, handle: str) -> HttpResponse:
        page = _page(request.query_params, PAGING_PARAMS)
        result = hospital_read(
            principal=request.user,  # type: ignore[arg-type]
            handle=handle,
            resource_type=None,
            page=page,
        )
        self_url, next_url = _links(f"Patient/{handle}/$everything", page, result.next_cursor)
        return _respond(
            searchset(
                resources=result.resources,
                total=result.total,
                self_url=self_url,
                next_url=next_url,
            )
        )


def patient_param(params: Any) -> str:
    """`patient=123`, `patient=Patient/123` or an absolute URL ending so; `subject` too."""
    value = params.get("patient") or params.get("subject") or ""
    handle = value.rstrip("/").rsplit("/", 1)[-1]
    if not handle:
        error = ValidationFailed("Search by patient: ?patient={id}.", code="patient_required")
        error.fhir_code = "required"
        raise error
    return str(handle)


class TypeSearchApi(FhirSystemApi):
    schema = None
    permission_classes = [CompartmentReadScope]
    resource_type = ""

    def get(self, request: Request) -> HttpResponse:
        page = _page(request.query_params, PAGING_PARAMS | {"patient", "subject"})
        handle = patient_param(request.query_params)
        result = hospital_read(
            principal=request.user,  # type: ignore[arg-type]
            handle=handle,
            resource_type=self.resource_type,
            page=page,
        )
        self_url, next_url = _links(self.resource_type, page, result.next_cursor, patient=handle)
        return _respond(
            searchset(
                resources=result.resources,
                total=result.total,
                self_url=self_url,
                next_url=next_url,
            )
        )


def search_view(resource_type: str) -> Any:
    return type(f"{resource_type}SearchApi", (TypeSearchApi,), {"resource_type": resource_type})
