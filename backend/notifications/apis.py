from __future__ import annotations

from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import SessionJWTAuthentication, request_user
from accounts.permissions import IsPatient
from notifications.selectors import notifications_for
from notifications.services import notification_mark_read


class NotificationsApi(APIView):
    authentication_classes = [SessionJWTAuthentication]
    permission_classes = [IsPatient]

    class OutputSerializer(serializers.Serializer):
        id = serializers.UUIDField()
        kind = serializers.CharField()
        title = serializers.CharField()
        body = serializers.CharField()
        data = serializers.DictField()  # type: ignore[assignment]
        created_at = serializers.DateTimeField()
        read = serializers.BooleanField()

    def get(self, request: Request) -> Response:
        items = notifications_for(
            user_id=request_user(request).id, language=request_user(request).preferred_language
        )
        unread = sum(1 for item in items if not item.read)
        return Response({"unread": unread, "results": self.OutputSerializer(items, many=True).data})


class NotificationReadApi(APIView):
    authentication_classes = [SessionJWTAuthentication]
    permission_classes = [IsPatient]

    def post(self, request: Request, notification_id: str) -> Response:
        notification_mark_read(user_id=request_user(request).id, notification_id=notification_id)
        return Response(status=204)
