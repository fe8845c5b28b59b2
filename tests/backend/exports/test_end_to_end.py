"""The issue's demo, over real HTTP: a patient downloads the IPS, prints the PDF in Japanese
and Korean, fetches the full archive, files a correction the hospital simulator sees and
closes, and a second account is deleted."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest
import requests

from shared.archive import decrypt_file
from shared.hospital import HospitalClient
from tests.backend.exports.conftest import demo_bundle
from tests.hospital_personas import MRN_A
from tests.personas import PASSWORD

pytestmark = pytest.mark.slow


def sign_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    response = session.post(
        f"{base}/api/v1/auth/login", json={"email": email, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    session.headers["Authorization"] = f"Bearer {response.json()['access']}"
    return session


def ready(session: requests.Session, url: str) -> dict:
    for _ in range(100):
        status = session.get(url).json()
        if status["status"] in ("ready", "failed"):
            return status
        time.sleep(0.1)
    raise AssertionError("the export never finished")


def test_the_patient_controls_their_record_end_to_end(
    live_server, settings, alice, bob, hospital_a, tmp_path
):
    base = settings.PUBLIC_BASE_URL = live_server.url
    hospital_a.client.scopes += " system/Task.u"
    hospital_a.client.save(update_fields=["scopes"])
    simulator = HospitalClient(
        base, hospital_a.client.client_id, hospital_a.keys,
        scopes="system/Bundle.c system/Patient.c system/Task.r system/Task.u",
    )  # fmt: skip
    patient = sign_in(base, alice.email)
    code = patient.post(f"{base}/api/v1/me/link-codes").json()["code"]
    simulator.link(code=code, identifiers=[MRN_A], birth_date=alice.birth_date.isoformat())
    body = json.dumps(demo_bundle("minji-referral-letter.json")).encode()
    assert simulator.fhir("POST", "Bundle", body).status_code == 202

    ips = patient.get(f"{base}/api/v1/me/export/fhir")
    assert ips.status_code == 200 and ips.json()["type"] == "document"
    for language in ("ja", "ko"):
        pdf = patient.get(f"{base}/api/v1/me/export/pdf", params={"lang": language})
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    job = patient.post(f"{base}/api/v1/me/exports", json={})
    assert job.status_code == 202
    status = ready(patient, job.headers["Location"])
    assert status["status"] == "ready"
    archive = patient.get(status["download_url"])
    plain = io.BytesIO()
    decrypt_file(io.BytesIO(archive.content), plain, job.json()["password"])
    names = zipfile.ZipFile(plain).namelist()
    assert "manifest.json" in names and any(n.endswith("/v1.json") for n in names)

    record = patient.get(f"{base}/api/v1/me/timeline").json()["results"][0]
    asked = patient.post(
        f"{base}/api/v1/me/records/{record['id']}/corrections", json={"text": "Wrong date."}
    )
    assert asked.status_code == 201
    tasks = simulator.fhir("GET", "Task?status=requested").json()
    assert tasks["total"] == 1 and tasks["entry"][0]["resource"]["input"][0]["valueString"]
    task_id = tasks["entry"][0]["resource"]["id"]
    closed = {"resourceType": "Task", "id": task_id, "status": "completed"}
    assert simulator.fhir("PUT", f"Task/{task_id}", json.dumps(closed).encode()).ok
    mine = patient.get(f"{base}/api/v1/me/corrections").json()["results"]
    assert mine[0]["status"] == "completed"

    second = sign_in(base, bob.email)
    word = second.get(f"{base}/api/v1/me/deletion").json()["phrase"]
    deleted = second.post(f"{base}/api/v1/me/deletion", json={"password": PASSWORD, "phrase": word})
    assert deleted.status_code == 200 and deleted.json()["kept"]
    assert second.get(f"{base}/api/v1/me").status_code == 401
