"""What every patient endpoint here shares: the session, the patient check, and a refusal in
the audit trail when someone signed in but not as a patient knocks (staff, operators)."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.authentication import SessionJWTAuthentication, request_user
from accounts.permissions import IsPatient
from accounts.selectors import actor_for
from audit import services as audit
from common.actors import Actor


class AuditedIsPatient(IsPatient):
    def has_permission(self, request: Request, view: Any) -> bool:
        allowed = super().has_permission(request, view)
        user = request.user
        if not allowed and user is not None and getattr(user, "is_authenticated", False):
            audit.record_refusal(
                actor=actor_for(user),  # type: ignore[arg-type]
                action=f"consent.api.{type(view).__name__}",
                reason="not_a_patient",
            )
        return allowed


class PatientApi(APIView):
    authentication_classes = [SessionJWTAuthentication]
    permission_classes = [AuditedIsPatient]

    def actor(self, request: Request) -> Actor:
        return actor_for(request_user(request))
