"""`manage.py key_status`: what each master key still seals or signs, and whether a key can
be removed from PHR_MASTER_KEY (exit status 1 with --check-removable KID when it cannot)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops.keys import key_status


class Command(BaseCommand):
    help = "Show which master keys are in use; check one can be removed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check-removable", metavar="KID")

    def handle(self, *args: Any, **options: Any) -> None:
        status = key_status()
        for kid in sorted(set(status.in_keyring) | set(status.uses)):
            use = status.uses.get(kid)
            where = "current" if kid == status.current else (
                "in keyring" if kid in status.in_keyring else "NOT IN KEYRING"
            )  # fmt: skip
            self.stdout.write(
                f"{kid} ({where}): data keys {use.data_keys if use else 0}, signing keys "
                f"{use.signing_keys if use else 0}"
                f"{' (current signer)' if use and use.current_signing else ''}, ledger lines "
                f"{use.ledger_lines if use else 0}"
            )
        kid = options["check_removable"]
        if kid and not status.removable(kid):
            raise CommandError(f"master key {kid} is still needed: keep it in PHR_MASTER_KEY")
        if kid:
            self.stdout.write(self.style.SUCCESS(f"master key {kid} can be removed"))
