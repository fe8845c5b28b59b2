"""Demo data for `make demo`. Idempotent: running it again changes nothing.

Later issues extend this with hospitals, patients and records, always through the real
APIs, so the demo exercises the same paths as production.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand

from accounts.models import Role, User
from audit import services as audit
from common.actors import SYSTEM

OPERATOR_EMAIL = "operator@demo.pocketchart.local"


class Command(BaseCommand):
    help = "Load the demo operator (and, as features land, hospitals, patients and records)."

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("DEMO_PASSWORD", "demo-operator-pass")
        with audit.atomic():
            operator, created = User.objects.get_or_create(
                email=OPERATOR_EMAIL,
                defaults={
                    "role": Role.OPERATOR,
                    "is_staff": True,
                    "is_superuser": True,
                    "name": "Demo Operator",
                },
            )
            if created:
                operator.set_password(password)
                operator.save(update_fields=["password"])
                audit.record(
                    actor=SYSTEM,
                    action="account.create",
                    object_type="user",
                    object_id=operator.id,
                    detail={"role": Role.OPERATOR},
                )
        state = "created" if created else "already there"
        self.stdout.write(f"Demo operator {state}: {OPERATOR_EMAIL} / {password}")
