from django.urls import path

from notifications.apis import NotificationReadApi, NotificationsApi

urlpatterns = [
    path("me/notifications", NotificationsApi.as_view(), name="notifications"),
    path(
        "me/notifications/<str:notification_id>/read",
        NotificationReadApi.as_view(),
        name="notification-read",
    ),
]
