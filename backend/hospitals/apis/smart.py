"""SMART Backend Services: discovery and the token endpoint."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from hospitals.assertions import ALGORITHMS, token_url
from hospitals.tokens import token_issue

SCOPES = [
    "system/Bundle.c",
    "system/Patient.c",
    "system/Patient.r",
    "system/Task.r",
    "system/Task.u",
]


def smart_configuration(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "issuer": settings.PUBLIC_BASE_URL,
            "token_endpoint": token_url(),
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": list(ALGORITHMS),
            "grant_types_supported": ["client_credentials"],
            "scopes_supported": SCOPES,
            "capabilities": ["client-confidential-asymmetric"],
        }
    )


class TokenApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [FormParser]

    def post(self, request: Request) -> JsonResponse:
        body = token_issue(form=request.data)
        return JsonResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})
