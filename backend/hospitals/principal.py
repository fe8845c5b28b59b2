"""The authenticated hospital system, as request.user on FHIR endpoints."""

from __future__ import annotations

from dataclasses import dataclass

from common.actors import Actor


@dataclass(frozen=True)
class SystemPrincipal:
    client_pk: str
    client_id: str
    organization_id: str
    scopes: frozenset[str]
    is_authenticated: bool = True
    is_active: bool = True

    @property
    def actor(self) -> Actor:
        return Actor("hospital", self.client_id, "system", organization_id=self.organization_id)

    def allows(self, scope: str) -> bool:
        return scope in self.scopes
