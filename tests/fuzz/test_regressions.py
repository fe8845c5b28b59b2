"""Cases the fuzzers and the load suite found, kept as plain tests so they stay fixed
(issue 14)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.hospital_personas import Hospital


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "7", "null"])
@pytest.mark.parametrize("step", ["messages", "information"])
def test_a_consultation_post_that_is_not_a_json_object_is_refused_not_a_crash(
    alice: Any, linked_alice: Any, hospital_a: Hospital, api: Any, body: str, step: str
) -> None:
    client = api(alice)
    created = client.post("/api/v1/me/consultations", {
        "hospital": str(hospital_a.organization.id), "department": "Cardiology",
        "reason": "Follow-up", "questions": [], "language": "en", "interpreter_needed": False,
        "preferred_slots": [], "home_doctor": {"name": "Dr Kim", "email": "kim@clinic.example",
                                               "country": "KR", "time_zone": "Asia/Seoul"},
    }, format="json")  # fmt: skip
    assert created.status_code == 201, created.content
    path = f"/api/v1/me/consultations/{created.json()['id']}/{step}"

    response = client.post(path, body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


@pytest.mark.postgres
def test_redeeming_a_link_code_locks_the_code_not_the_patient(
    alice: Any, hospital_a: Hospital
) -> None:
    """bench/load.py met 'deadlock detected': the redemption held FOR UPDATE on the patient
    row (joined by select_related) and then waited for the audit chain's lock, while an
    indexing transaction held that lock and, at commit, waited for KEY SHARE on the same
    row for its foreign keys."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from common.actors import SYSTEM
    from hospitals.services import link_code_create
    from tests.hospital_personas import MRN_A, redeem

    code = link_code_create(patient_id=alice.id, actor=SYSTEM)["code"]
    with CaptureQueriesContext(connection) as queries:
        assert redeem(hospital_a, code, alice.birth_date.isoformat(), MRN_A).status_code == 201

    locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert locking and all('FOR UPDATE OF "hospitals_linkcode"' in sql for sql in locking)


@pytest.mark.postgres
def test_an_export_request_locks_the_patient_without_blocking_key_share(
    alice: Any, api: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(alice)
    with CaptureQueriesContext(connection) as queries:
        client.post("/api/v1/me/exports", {"lang": "en"}, format="json")

    user_locks = [
        q["sql"] for q in queries.captured_queries
        if "FOR" in q["sql"] and 'FROM "accounts_user"' in q["sql"]
    ]  # fmt: skip
    assert user_locks and all("FOR NO KEY UPDATE" in sql for sql in user_locks)
