"""A URLconf of small views that raise, so the one handler's shapes can be seen."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from common import exceptions

SECRET = "Zyxwvut Kimchiman, HbA1c 9.1%"


class Raises(APIView):
    permission_classes = [AllowAny]
    error: Exception = exceptions.NotFound()

    def get(self, request: HttpRequest) -> HttpResponse:
        raise self.error


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET)


class Crashes(APIView):
    permission_classes = [AllowAny]

    def get(self, request: HttpRequest) -> HttpResponse:
        raise ValueError(SECRET)


wrong_passcode = exceptions.NotAuthenticated("Wrong passcode.", extra={"remainingAttempts": 4})
urlpatterns = [
    path(
        "api/v1/thing",
        Raises.as_view(
            error=exceptions.ValidationFailed(fields={"email": ["Enter a valid email address."]})
        ),
    ),
    path("api/v1/crash", Crashes.as_view()),
    path(
        "fhir/R4/thing",
        Raises.as_view(
            error=exceptions.Unprocessable(
                "Bundle.type must be document, collection or transaction.",
                expression=["Bundle.type"],
            )
        ),
    ),
    path("fhir/R4/crash", Crashes.as_view()),
    path(
        "auth/token",
        Raises.as_view(
            error=exceptions.NotAuthenticated(
                "The client assertion has expired.", code="invalid_client"
            )
        ),
    ),
    path("shl/abc", Raises.as_view(error=wrong_passcode)),
    path("shl/limited", Raises.as_view(error=exceptions.RateLimited(30))),
    path("staff/crash", crash),
    path("staff/thing", Raises.as_view(error=exceptions.Forbidden())),
]
handler404 = "common.errors.handler404"
handler500 = "common.errors.handler500"
