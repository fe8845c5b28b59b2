"""Hospital-facing FHIR endpoints: CapabilityStatement and Patient/$link."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from common.exceptions import Unprocessable
from common.fhir_http import FHIR_JSON, FhirJsonParser, FhirJsonRenderer, PlainJsonAsFhirParser
from hospitals.authentication import HasSystemScope, SystemTokenAuthentication
from hospitals.capability import capability_statement
from hospitals.models import LinkStatus
from hospitals.parameters import parse_link_parameters
from hospitals.principal import SystemPrincipal
from hospitals.selectors import link_for_system, link_identifiers
from hospitals.services import link_redeem
from hospitals.throttles import link_guess_check, link_guess_failed


class FhirSystemApi(APIView):
    """Base of every endpoint a hospital system calls: its token, FHIR bodies and errors."""

    authentication_classes = [SystemTokenAuthentication]
    permission_classes = [HasSystemScope]
    parser_classes = [FhirJsonParser, PlainJsonAsFhirParser]
    renderer_classes = [FhirJsonRenderer, JSONRenderer]


def metadata(request: HttpRequest) -> HttpResponse:
    return JsonResponse(capability_statement(), content_type=FHIR_JSON)


class PatientLinkApi(FhirSystemApi):
    required_scope = "system/Patient.c"

    def post(self, request: Request) -> HttpResponse:
        principal = request.user
        assert isinstance(principal, SystemPrincipal)  # noqa: S101 - HasSystemScope ensured it
        link_guess_check(principal)
        link_request = parse_link_parameters(request.data)
        try:
            link = link_redeem(
                principal=principal,
                code=link_request.code,
                identifiers=link_request.identifiers,
                birth_date=link_request.birth_date,
            )
        except Unprocessable as error:
            link_guess_failed(principal, error.code)  # after the rollback, in its own txn
            raise
        body = {
            "resourceType": "Patient",
            "id": str(link.id),
            "active": True,
            "identifier": [{"system": s, "value": v} for s, v in link_request.identifiers],
        }
        location = f"{settings.PUBLIC_BASE_URL}/fhir/R4/Patient/{link.id}"
        return JsonResponse(
            body, status=201, content_type=FHIR_JSON, headers={"Location": location}
        )


class PatientReadApi(FhirSystemApi):
    """`Patient/{link id}`: the link as the hospital knows it; other hospitals get 404."""

    required_scope = "system/Patient.r"

    def get(self, request: Request, link_id: str) -> HttpResponse:
        principal = request.user
        assert isinstance(principal, SystemPrincipal)  # noqa: S101 - HasSystemScope ensured it
        link = link_for_system(organization_id=principal.organization_id, link_id=link_id)
        body = {
            "resourceType": "Patient",
            "id": str(link.id),
            "active": link.status == LinkStatus.ACTIVE,
            "identifier": [{"system": s, "value": v} for s, v in link_identifiers(link)],
        }
        return JsonResponse(body, content_type=FHIR_JSON)
