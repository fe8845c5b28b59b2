"""Operators see processing state only: every clinical column is ciphertext anyway."""

from django.contrib import admin
from django.http import HttpRequest

from records.models import Submission


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("id", "status", "organization", "client", "attempts", "created_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in Submission._meta.fields]
    fields = (
        "id",
        "status",
        "organization",
        "client",
        "attempts",
        "lease_until",
        "created_at",
        "indexed_at",
        "issues",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
