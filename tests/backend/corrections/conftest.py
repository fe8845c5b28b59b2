"""Fixtures of the correction tests: alice's records from hospital A; hospital A may close
Tasks (system/Task.u added to its client, as an operator would register it)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.backend.exports import conftest as exports_fixtures

_in_process_tasks = exports_fixtures._in_process_tasks
push = exports_fixtures.push
alice_records = exports_fixtures.alice_records


@pytest.fixture
def writer(hospital_a: Any) -> Any:
    hospital_a.client.scopes += " system/Task.u"
    hospital_a.client.save(update_fields=["scopes"])
    hospital_a.scopes = f"{hospital_a.scopes} system/Task.u"
    hospital_a._token = None  # a token from before carries the old scopes
    return hospital_a


@pytest.fixture
def condition(alice_records: list[Any]) -> Any:
    return next(e for e in alice_records if e.resource_type == "Condition")
