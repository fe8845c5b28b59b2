"""Add a new access-token signing key. The previous key keeps verifying the tokens it signed
until they expire (access-token lifetime plus the key cache interval), then stops."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from accounts.services import signing_key_rotate
from common.actors import Actor


class Command(BaseCommand):
    help = "Add a new JWT signing key; the old one verifies until its tokens have expired."

    def handle(self, *args: Any, **options: Any) -> None:
        kid = signing_key_rotate(actor=Actor("operator", "cli", "operator"))
        self.stdout.write(f"New signing key {kid} signs from now on.")
