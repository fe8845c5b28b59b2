"""Operators see that grants exist and their state, read-only: a grant is the patient's to
give and revoke, and every change must go through the audited services."""

from django.contrib import admin
from django.http import HttpRequest

from consent.models import Grant


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = ("id", "grantee_type", "grantee_id", "purpose", "status", "expires_at")
    list_filter = ("grantee_type", "purpose", "status", "recipient_country")
    fields = (
        "id",
        "grantee_type",
        "grantee_id",
        "purpose",
        "status",
        "starts_at",
        "expires_at",
        "revoked_at",
        "recipient_country",
        "created_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
