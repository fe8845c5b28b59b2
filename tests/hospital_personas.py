"""Hospital personas: two hospital systems with real key pairs and real signed assertions.

- hospital_a: Seoul General (Korea) — alice links it (`linked_alice`).
- hospital_b: Busan Clinic — a stranger to alice's records.
Tokens come from the real /auth/token endpoint; nothing is forced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

from shared.hospital import HospitalClient, HospitalKeys

if TYPE_CHECKING:  # this module is a pytest plugin, loaded before Django is configured
    from rest_framework.test import APIClient

    from hospitals.models import Organization, PatientLink, SystemClient

FORM = "application/x-www-form-urlencoded"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
MRN_A = ("http://hospital-a.example/mrn", "A-0001")
_KEYS: dict[str, HospitalKeys] = {}


def _keys(alg: str) -> HospitalKeys:
    # Key generation is the slow part (RSA especially): one pair per algorithm per run.
    if alg not in _KEYS:
        _KEYS[alg] = HospitalKeys.generate(alg)
    return _KEYS[alg]


@dataclass
class Hospital:
    organization: Organization
    client: SystemClient
    keys: HospitalKeys
    scopes: str = "system/Bundle.c system/Patient.c system/Patient.r system/Task.r"
    _token: str | None = field(default=None, repr=False)

    @property
    def simulator(self) -> HospitalClient:
        from django.conf import settings

        return HospitalClient(settings.PUBLIC_BASE_URL, self.client.client_id, self.keys)

    def assertion(self, **overrides: Any) -> str:
        return self.simulator.assertion(**overrides)

    def request_token(self, assertion: str | None = None, scope: str | None = None) -> Any:
        from rest_framework.test import APIClient

        return APIClient().post(
            "/auth/token",
            form_body(
                {
                    "grant_type": "client_credentials",
                    "scope": scope or self.scopes,
                    "client_assertion_type": ASSERTION_TYPE,
                    "client_assertion": assertion or self.assertion(),
                }
            ),
            content_type=FORM,
        )

    def token(self) -> str:
        if self._token is None:
            response = self.request_token()
            assert response.status_code == 200, response.content
            self._token = response.json()["access_token"]
        return self._token

    @property
    def fhir(self) -> APIClient:
        from rest_framework.test import APIClient

        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {self.token()}")
        return client


def form_body(fields: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(fields)


def make_hospital(name: str, hira: str, alg: str = "ES384") -> Hospital:
    from common.actors import SYSTEM
    from hospitals.models import Organization
    from hospitals.services import client_register

    organization = Organization.objects.create(
        names={"en": name, "ko": f"{name} (ko)"}, identifier_value=hira, country="KR"
    )
    keys = _keys(alg)
    client = client_register(organization=organization, name=name, jwks=keys.jwks(), actor=SYSTEM)
    return Hospital(organization, client, keys)


@pytest.fixture
def hospital_a(db: None) -> Hospital:
    return make_hospital("Seoul General Hospital", "11100001")


@pytest.fixture
def hospital_b(db: None) -> Hospital:
    return make_hospital("Busan Clinic", "21100002")


def link_parameters(code: str, birth_date: str, *identifiers: tuple[str, str]) -> dict[str, Any]:
    return {
        "resourceType": "Parameters",
        "parameter": [
            {"name": "code", "valueString": code},
            *(
                {"name": "identifier", "valueIdentifier": {"system": s, "value": v}}
                for s, v in identifiers
            ),
            {"name": "birthDate", "valueDate": birth_date},
        ],
    }


def redeem(hospital: Hospital, code: str, birth_date: str, *identifiers: tuple[str, str]) -> Any:
    return hospital.fhir.post(
        "/fhir/R4/Patient/$link", link_parameters(code, birth_date, *identifiers), format="json"
    )


@pytest.fixture
def linked_alice(alice: Any, hospital_a: Hospital) -> PatientLink:
    from common.actors import SYSTEM
    from hospitals.models import PatientLink
    from hospitals.services import link_code_create

    code = link_code_create(patient_id=alice.id, actor=SYSTEM)["code"]
    response = redeem(hospital_a, code, alice.birth_date.isoformat(), MRN_A)
    assert response.status_code == 201, response.content
    return PatientLink.objects.get(id=response.json()["id"])
