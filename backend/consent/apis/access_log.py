"""`GET /api/v1/me/access-log`: who read the patient's data, or tried to, newest first."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.authentication import request_user
from consent.apis.base import PatientApi
from consent.selectors import LogFilter, access_log


class AccessLogApi(PatientApi):
    class FilterSerializer(serializers.Serializer):
        actor_type = serializers.ChoiceField(
            choices=["hospital", "staff", "share", "consult"], required=False
        )
        outcome = serializers.ChoiceField(choices=["success", "denied"], required=False)
        since = serializers.DateTimeField(required=False, help_text="from this instant on")
        until = serializers.DateTimeField(required=False, help_text="before this instant")
        before = serializers.IntegerField(required=False, min_value=1, help_text="cursor")
        limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=50)

    @extend_schema(
        parameters=[FilterSerializer],
        responses=inline_serializer(
            "AccessLog",
            {
                "results": serializers.ListField(child=serializers.DictField()),
                "next": serializers.CharField(allow_null=True),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = access_log(
            actor=self.actor(request),
            patient=request_user(request),
            wanted=LogFilter(**query.validated_data),
        )
        next_url = None
        if page.next_before is not None:
            params = request.query_params.copy()
            params["before"] = str(page.next_before)
            next_url = f"{request.path}?{params.urlencode()}"
        return Response({"results": page.entries, "next": next_url})
