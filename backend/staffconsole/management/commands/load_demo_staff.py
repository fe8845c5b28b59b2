"""Demo staff for `make demo`: a coordinator and a doctor of the Seoul demo hospital.

Made through accounts' staff_create (password + TOTP, audited) like any staff account, and
given memberships of Seoul General. Idempotent: a second run changes nothing and prints the
same secrets again, so the console can be tried at /staff/ after every `make demo`.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import totp
from accounts.models import Role, User
from accounts.services import staff_create, staff_totp_reset
from common.actors import SYSTEM
from hospitals.models import Organization, StaffMembership, StaffRole

SEOUL_HIRA = "11100001"  # hospitals' load_demo_hospitals: Seoul General University Hospital
DEMO_STAFF = [
    ("coordinator@seoul-general.demo.pocketchart.local", "Yuna Park", StaffRole.COORDINATOR),
    ("doctor@seoul-general.demo.pocketchart.local", "Dr Minho Lee", StaffRole.DOCTOR),
]


class Command(BaseCommand):
    help = "Create the Seoul demo hospital's coordinator and doctor (with TOTP) for /staff/."

    def handle(self, *args: Any, **options: Any) -> None:
        hospital = Organization.objects.filter(identifier_value=SEOUL_HIRA).first()
        if hospital is None:
            raise CommandError("Load the demo hospitals first: manage.py load_demo_hospitals")
        password = os.environ.get("DEMO_STAFF_PASSWORD", "demo-staff-pass")
        self.stdout.write(
            f"Staff console: {settings.PUBLIC_BASE_URL}/staff/ (password and authenticator code)"
        )
        for email, name, role in DEMO_STAFF:
            user, state = self._one(email, name, password)
            StaffMembership.objects.get_or_create(
                user=user, organization=hospital, defaults={"role": role}
            )
            code = totp.totp_of(user)
            self.stdout.write(f"  Demo {role} {state}: {email} / {password}")
            self.stdout.write(f"    TOTP secret: {code.secret if code else ''}")
            self.stdout.write(
                f"    Current code: {code.now() if code else ''} (changes every 30 s)"
            )

    def _one(self, email: str, name: str, password: str) -> tuple[User, str]:
        user = User.objects.filter(email=email).first()
        if user is None:
            made = staff_create(
                actor=SYSTEM, email=email, role=Role.STAFF, name=name, password=password
            )
            return made.user, "created"
        if not user.totp_secret:
            staff_totp_reset(actor=SYSTEM, user=user)
            return user, "given TOTP"
        return user, "already there"
