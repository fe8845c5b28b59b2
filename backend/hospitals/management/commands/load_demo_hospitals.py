"""Demo hospitals for `make demo`, registered the way an operator registers a real one.

Each demo hospital keeps its key pair under var/demo/hospitals/<slug>/ (private key mode
0600) with a client.json naming its client id, so tools/demo.py can act as its system over
HTTP. Idempotent: a second run reuses keys and registrations.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from common.actors import SYSTEM
from hospitals.models import Organization, OrganizationKind, SystemClient
from hospitals.services import client_register
from shared.hospital import HospitalKeys

DEMO_HOSPITALS: list[dict[str, Any]] = [
    {
        "slug": "seoul-general",
        "hira": "11100001",
        "kind": OrganizationKind.TERTIARY,
        "names": {
            "en": "Seoul General University Hospital",
            "ko": "서울종합대학교병원",
            "ja": "ソウル総合大学病院",
            "zh-hans": "首尔综合大学医院",
            "zh-hant": "首爾綜合大學醫院",
            "th": "โรงพยาบาลมหาวิทยาลัยโซลเจเนอรัล",
        },
    },
    {
        "slug": "busan-clinic",
        "hira": "21100002",
        "kind": OrganizationKind.CLINIC,
        "names": {
            "en": "Busan Family Clinic",
            "ko": "부산가정의원",
            "ja": "釜山ファミリー医院",
            "zh-hans": "釜山家庭诊所",
            "zh-hant": "釜山家庭診所",
            "th": "คลินิกครอบครัวปูซาน",
        },
    },
]


class Command(BaseCommand):
    help = "Register the demo hospitals and save their keys for the simulator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--folder", default=str(settings.DATA_DIR / "demo" / "hospitals"))

    def _one(self, spec: dict[str, Any], folder: Path) -> str:
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / "key.json").exists():
            HospitalKeys.generate().save(folder)
        keys = HospitalKeys.load(folder)
        organization, _ = Organization.objects.get_or_create(
            identifier_value=spec["hira"],
            defaults={"names": spec["names"], "kind": spec["kind"], "country": "KR"},
        )
        client = SystemClient.objects.filter(organization=organization, active=True).first()
        if client is None:
            client = client_register(
                organization=organization, name=spec["names"]["en"], jwks=keys.jwks(), actor=SYSTEM
            )
        (folder / "client.json").write_text(
            json.dumps({"client_id": client.client_id, "base_url": settings.PUBLIC_BASE_URL})
        )
        return client.client_id

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(options["folder"])
        for spec in DEMO_HOSPITALS:
            client_id = self._one(spec, root / spec["slug"])
            self.stdout.write(f"Demo hospital {spec['names']['en']}: client {client_id}")
