"""Operators see that shares exist and their state, read-only: no label, key, passcode hash
or manifest hash is shown, and every change goes through the audited services."""

from django.contrib import admin
from django.http import HttpRequest

from sharing.models import Share


@admin.register(Share)
class ShareAdmin(admin.ModelAdmin):
    list_display = ("id", "flag", "status", "expires_at", "purged_at", "failures")
    list_filter = ("status", "flag", "recipient_country")
    fields = (
        "id",
        "flag",
        "status",
        "created_at",
        "expires_at",
        "revoked_at",
        "purged_at",
        "recipient_country",
        "failures",
        "failure_limit",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
