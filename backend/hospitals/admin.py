from django.contrib import admin
from django.http import HttpRequest

from hospitals.models import Organization, PatientLink, StaffMembership, SystemClient


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "country", "kind", "identifier_value", "active")
    list_filter = ("country", "kind", "active")


@admin.register(SystemClient)
class SystemClientAdmin(admin.ModelAdmin):
    list_display = ("name", "client_id", "organization", "active")
    list_filter = ("active",)
    readonly_fields = ("client_id", "jwks_cache", "jwks_fetched_at")


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "active")


@admin.register(PatientLink)
class PatientLinkAdmin(admin.ModelAdmin):
    # Operators see that a link exists and its state, never the identifiers (encrypted).
    list_display = ("id", "organization", "status", "created_at", "revoked_at")
    list_filter = ("status",)
    fields = ("organization", "status", "created_at", "revoked_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
