"""Demo data for `make demo`. Idempotent: running it again changes nothing.

Later issues extend this with hospitals, patients and records, always through the real
services, so the demo exercises the same paths as production.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand

from accounts import totp
from accounts.models import Role, User
from accounts.services import staff_create, staff_totp_reset
from common.actors import SYSTEM

OPERATOR_EMAIL = "operator@demo.pocketchart.local"


class Command(BaseCommand):
    help = "Load the demo operator (and, as features land, hospitals, patients and records)."

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("DEMO_PASSWORD", "demo-operator-pass")
        operator = User.objects.filter(email=OPERATOR_EMAIL).first()
        state = "already there"
        if operator is not None and not operator.totp_secret:
            staff_totp_reset(actor=SYSTEM, user=operator)  # made before TOTP existed
            state = "given TOTP"
        if operator is None:
            operator = staff_create(
                actor=SYSTEM,
                email=OPERATOR_EMAIL,
                role=Role.OPERATOR,
                name="Demo Operator",
                password=password,
            ).user
            state = "created"
        code = totp.totp_of(operator)
        secret = code.secret if code else ""
        self.stdout.write(f"Demo operator {state}: {OPERATOR_EMAIL} / {password}")
        self.stdout.write(f"  TOTP secret (add to an authenticator app): {secret}")
        self.stdout.write(f"  Current TOTP code: {code.now() if code else ''} (changes every 30 s)")
        self.stdout.write(
            f'  A fresh code any time: .venv/bin/python -c "import pyotp; '
            f"print(pyotp.TOTP('{secret}').now())\""
        )
