"""Cases the fuzzers found, kept as plain tests so they stay fixed (issue 14)."""

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
