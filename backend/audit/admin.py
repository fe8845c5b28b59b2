"""Operators read the trail in the admin; nobody can add, change or delete a row there."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = (
        "seq",
        "occurred_at",
        "actor_type",
        "actor_id",
        "action",
        "outcome",
        "patient_id",
        "client_ip",
    )
    list_filter = ("actor_type", "outcome", "action")
    search_fields = ("actor_id", "patient_id", "object_id", "action")
    ordering = ("-seq",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
