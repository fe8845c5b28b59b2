"""Every /api/v1/ operation, fuzzed from our own OpenAPI schema with schemathesis's Python API
(its pytest plugin stays disabled: see pyproject's addopts), as alice with a real token,
over a live server. A small seeded run: `python bench/fuzz.py --minutes N` is the long one.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
import requests

from tests.fuzz.engine import fuzz_api, unexpected
from tests.hospital_personas import Hospital

REPO = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("PHR_FUZZ_SEED", "1414"))
EXAMPLES = 2  # per operation and mode: ~300 requests, well under a minute here
BUDGET_SECONDS = 75.0  # a slow machine stops early rather than stalling CI


@pytest.fixture
def alice_with_records(linked_alice: Any, alice: Any, hospital_a: Hospital) -> Any:
    from tests.fuzz.engine import FHIR_FIXTURES
    from tests.hospital_personas import MRN_A

    bundle = orjson.loads((REPO / FHIR_FIXTURES[0]).read_bytes())
    for entry in bundle["entry"]:
        if entry["resource"]["resourceType"] == "Patient":
            entry["resource"]["identifier"] = [{"system": MRN_A[0], "value": MRN_A[1]}]
    response = hospital_a.fhir.post(
        "/fhir/R4/Bundle", data=orjson.dumps(bundle), content_type="application/fhir+json"
    )
    assert response.status_code == 202, response.content
    return alice


@pytest.mark.slow
def test_no_api_operation_answers_5xx_or_breaks_its_schema(
    live_server: Any, settings: Any, alice_with_records: Any, api: Any
) -> None:
    settings.PUBLIC_BASE_URL = live_server.url
    token = api(alice_with_records).tokens.access
    schema = requests.get(f"{live_server.url}/api/schema/?format=json", timeout=30).json()

    tally = fuzz_api(
        schema, live_server.url, token, examples=EXAMPLES, seed=SEED,
        deadline=time.monotonic() + BUDGET_SECONDS,
    )  # fmt: skip

    assert tally.cases > 100, tally
    assert not unexpected(tally.findings), "\n".join(unexpected(tally.findings))
    assert 200 in tally.statuses  # the token worked: not everything was refused
