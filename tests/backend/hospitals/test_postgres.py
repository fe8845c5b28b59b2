"""Replay protection holds across processes (the jti lives in the shared database)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[3]

SCRIPT = """
import django, sys
django.setup()
from common.exceptions import DomainError
from hospitals.tokens import token_issue
form = {"grant_type": "client_credentials", "scope": "system/Bundle.c",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": sys.argv[1]}
try:
    token_issue(form=form)
    print("issued")
except DomainError as error:
    print("refused:", error.message)
"""


def redeem_in_another_process(assertion: str) -> str:
    name = connection.settings_dict["NAME"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}",
        "PYTHONPATH": f"{REPO / 'backend'}:{REPO}",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, assertion],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip()


@pytest.mark.postgres
def test_an_assertion_used_in_one_process_is_refused_in_another(transactional_db, hospital_a):
    assertion = hospital_a.assertion()
    assert redeem_in_another_process(assertion) == "issued"
    response = hospital_a.request_token(assertion)
    assert response.status_code == 401
    assert "already used" in response.json()["error_description"]
    second = hospital_a.assertion()
    assert hospital_a.request_token(second).status_code == 200
    assert redeem_in_another_process(second).startswith("refused: This client assertion was")
