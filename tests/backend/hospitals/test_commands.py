"""Operators register hospitals from the command line; the simulator talks to a real server."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from hospitals.models import Organization, SystemClient
from shared.hospital import HospitalKeys

REPO = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


def test_register_hospital_prints_the_client_id_and_audits(tmp_path):
    keys = HospitalKeys.generate()
    keys.save(tmp_path)
    out = io.StringIO()
    call_command(
        "register_hospital",
        "--name",
        "Seoul General",
        "--name-ko",
        "서울종합병원",
        "--jwks",
        str(tmp_path / "jwks.json"),
        "--hira",
        "11100009",
        stdout=out,
    )
    client = SystemClient.objects.get(client_id=out.getvalue().strip())
    assert client.organization.names == {"en": "Seoul General", "ko": "서울종합병원"}
    assert client.jwks == keys.jwks()
    assert AuditEvent.objects.filter(
        action="system_client.register", object_id=client.client_id
    ).exists()


def test_register_hospital_refuses_a_private_key_in_the_jwks(tmp_path):
    keys = HospitalKeys.generate()
    private_jwk = {**keys.public_jwk(), "d": "secret"}
    (tmp_path / "bad.json").write_text(json.dumps({"keys": [private_jwk]}))
    with pytest.raises(CommandError, match="private key"):
        call_command("register_hospital", "--name", "X", "--jwks", str(tmp_path / "bad.json"))
    assert not Organization.objects.exists()


def test_the_simulator_keygen_writes_a_public_jwks_and_a_private_key(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "shared.hospital", "keygen", "--out", str(tmp_path / "k")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    jwks = json.loads((tmp_path / "k" / "jwks.json").read_text())
    assert jwks["keys"][0]["alg"] == "ES384" and "d" not in jwks["keys"][0]
    assert (tmp_path / "k" / "private.pem").stat().st_mode & 0o077 == 0
