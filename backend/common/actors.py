"""Who is acting: the one value services, selectors and the audit log all take."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    type: str  # patient | staff | operator | hospital | share | consult | anonymous | system
    id: str = ""
    role: str = ""
    organization_id: str = ""


SYSTEM = Actor("system")
ANONYMOUS = Actor("anonymous")
