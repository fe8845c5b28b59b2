"""Create a hospital staff member or an operator, with a password and TOTP.

Prints the password (once; they should change it) and the TOTP provisioning URI, which the
person adds to an authenticator app (most apps read it from a QR code of the same text).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import Role
from accounts.services import staff_create
from common.actors import Actor
from common.exceptions import DomainError


class Command(BaseCommand):
    help = "Create a staff or operator account with TOTP and print its provisioning URI."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--role", required=True, choices=[Role.STAFF, Role.OPERATOR])
        parser.add_argument("--name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = staff_create(
                actor=Actor("operator", "cli", "operator"),
                email=options["email"],
                role=options["role"],
                name=options["name"],
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"Created {created.user.role} {created.user.id} <{created.user.email}>")
        self.stdout.write(f"Password (shown once, change it after signing in): {created.password}")
        self.stdout.write(f"TOTP provisioning URI: {created.provisioning_uri}")
