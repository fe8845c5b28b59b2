"""Operators see consultations by state and hospital only: the content is sealed."""

from django.contrib import admin

from consultations.models import Consultation


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ("id", "organization", "state", "language", "created_at", "expires_at")
    list_filter = ("state",)
    fields = ("organization", "state", "mode", "language", "created_at", "expires_at")
    readonly_fields = fields

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
