from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from common.actors import SYSTEM
from common.exceptions import DomainError
from hospitals.models import HIRA_SYSTEM, Organization, OrganizationKind
from hospitals.services import client_register


class Command(BaseCommand):
    help = "Register a hospital system for SMART Backend Services; prints its client id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="the hospital's name (English)")
        parser.add_argument("--name-ko", default="", help="the hospital's Korean name")
        parser.add_argument("--jwks", help="a JWKS file with the system's public keys")
        parser.add_argument("--jwks-url", default="", help="or an allow-listed JWKS URL")
        parser.add_argument("--hira", default="", help=f"institution identifier ({HIRA_SYSTEM})")
        parser.add_argument("--country", default="KR")
        parser.add_argument(
            "--kind", default=OrganizationKind.HOSPITAL, choices=OrganizationKind.values
        )
        parser.add_argument("--time-zone", default="Asia/Seoul")

    def _jwks(self, path: str | None) -> dict[str, Any] | None:
        if not path:
            return None
        try:
            document = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read the JWKS file: {error}") from None
        if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
            raise CommandError("the JWKS file must be a JSON object with a keys list")
        if any("d" in key for key in document["keys"]):
            raise CommandError("the JWKS file holds a private key: register public keys only")
        return document

    def handle(self, *args: Any, **options: Any) -> None:
        jwks = self._jwks(options["jwks"])
        names = {"en": options["name"]} | ({"ko": options["name_ko"]} if options["name_ko"] else {})
        organization = (
            Organization.objects.filter(identifier_value=options["hira"]).first()
            if options["hira"]
            else None
        )
        if organization is None:
            organization = Organization.objects.create(
                names=names,
                country=options["country"],
                identifier_value=options["hira"],
                kind=options["kind"],
                time_zone=options["time_zone"],
            )
        try:
            client = client_register(
                organization=organization,
                name=options["name"],
                jwks=jwks,
                jwks_url=options["jwks_url"],
                actor=SYSTEM,
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(client.client_id)
