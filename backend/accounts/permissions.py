"""Who may call an endpoint, by the type of their session (the token's `typ`).

The token type and the user's role must agree (session_resume already checks that), so a
patient token never passes IsStaff and a staff token never passes IsPatient.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from accounts.models import Role
from accounts.tokens import SessionClaims


class _HasSessionType(BasePermission):
    typ = ""

    def has_permission(self, request: Request, view: Any) -> bool:
        claims = request.auth
        user = request.user
        return (
            isinstance(claims, SessionClaims)
            and claims.typ == self.typ
            and getattr(user, "role", None) == self.typ
        )


class IsPatient(_HasSessionType):
    typ = Role.PATIENT


class IsStaff(_HasSessionType):
    typ = Role.STAFF


class IsOperator(_HasSessionType):
    typ = Role.OPERATOR
