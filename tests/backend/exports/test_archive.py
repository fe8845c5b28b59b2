"""POST /api/v1/me/exports: the full archive, built by a task, encrypted, kept 24 hours."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from exports.archive.contents import Contents
from exports.archive.writer import write_archive
from exports.models import ExportJob, ExportStatus
from exports.paths import exports_dir
from exports.tasks import purge_expired_exports
from shared.archive import KdfParams, derive_key, new_password
from tests.backend.records import bundles

REPO = Path(__file__).resolve().parents[3]


def request_export(client, capture, **body):
    with capture(execute=True):
        response = client.post("/api/v1/me/exports", body, format="json")
    assert response.status_code == 202, response.content
    return response.json()


def decrypt(archive: bytes, password: str, tmp_path: Path) -> zipfile.ZipFile:
    """Through the documented command, as the patient would."""
    source = tmp_path / "export.pcarc"
    source.write_bytes(archive)
    result = subprocess.run(
        [sys.executable, "-m", "shared.archive", "decrypt", str(source), "--password", password],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return zipfile.ZipFile(tmp_path / "export.zip")


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_an_archive_holds_everything_and_opens_with_its_one_time_password(
    api, alice, alice_records, with_attachment, capture, tmp_path
):
    client = api(alice)
    job = request_export(client, capture)
    assert job["status"] == "queued" and len(job["password"]) == 29
    status = client.get(f"/api/v1/me/exports/{job['id']}").json()
    assert status["status"] == "ready" and status["progress"] == 100
    assert status["download_url"].endswith(f"/api/v1/me/exports/{job['id']}/download")
    download = client.get(f"/api/v1/me/exports/{job['id']}/download")
    assert download.status_code == 200
    data = b"".join(download.streaming_content)
    assert data.startswith(b"PCARCHV1") and bundles.NOTE.encode() not in data
    archive = decrypt(data, job["password"], tmp_path)
    names = set(archive.namelist())
    manifest = json.loads(archive.read("manifest.json"))
    for entry in manifest["files"]:
        assert entry["name"] in names and archive.getinfo(entry["name"]).file_size == entry["size"]
    assert {"README.txt", "account/profile.json", "account/agreements.json"} <= names
    assert {"consent/grants.json", "consent/access-log.json", "sharing/shares.json"} <= names
    assert "corrections/requests.json" in names and "summary/ips-ko.json" in names
    versions = [n for n in names if n.startswith("documents/") and n.endswith("/v1.json")]
    assert len(versions) == 3  # the referral, the demo letter, the scan's collection
    [pdf] = [n for n in names if n.endswith(".pdf")]
    assert archive.read(pdf) == bundles.PDF
    assert any(bundles.NOTE in archive.read(n).decode() for n in versions)
    grants = json.loads(archive.read("consent/grants.json"))
    assert grants["resourceType"] == "Bundle"
    assert json.loads(archive.read("account/profile.json"))["name"] == alice.name


def test_a_wrong_password_opens_nothing(api, alice, alice_records, capture, tmp_path):
    client = api(alice)
    job = request_export(client, capture)
    data = b"".join(client.get(f"/api/v1/me/exports/{job['id']}/download").streaming_content)
    source = tmp_path / "export.pcarc"
    source.write_bytes(data)
    result = subprocess.run(
        [sys.executable, "-m", "shared.archive", "decrypt", str(source), "--password", "WRONG"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1 and "wrong password" in result.stderr
    assert not (tmp_path / "export.zip").exists()


def test_progress_is_reported_while_the_archive_is_built(alice, alice_records, tmp_path):
    seen: list[int] = []
    contents = Contents(alice, language="en", include_hidden=False)
    params = KdfParams.fresh()
    key = derive_key(new_password(), params)
    write_archive(
        contents, tmp_path / "a.pcarc", key=key, params=params, made_at=timezone.now(),
        progress=seen.append,
    )  # fmt: skip
    assert seen == sorted(seen) and len(seen) >= 5 and 0 < seen[0] < seen[-1] <= 99


def test_status_shows_progress_before_the_task_runs(api, alice, alice_records):
    client = api(alice)
    job = client.post("/api/v1/me/exports", {}, format="json").json()  # on_commit not run
    status = client.get(job["status_url"].split("testserver")[-1]).json()
    assert status["status"] == "queued" and status["progress"] == 0
    assert status["download_url"] is None
    again = client.post("/api/v1/me/exports", {}, format="json")
    assert again.status_code == 409
    assert client.get(f"/api/v1/me/exports/{job['id']}/download").status_code == 409


def test_hidden_entries_are_left_out_of_the_archive(api, alice, alice_records, capture, tmp_path):
    client = api(alice)
    condition = next(e for e in alice_records if e.resource_type == "Condition" and e.kind != "ips")
    assert client.post(f"/api/v1/me/records/{condition.id}/hide").status_code == 200
    job = request_export(client, capture)
    data = b"".join(client.get(f"/api/v1/me/exports/{job['id']}/download").streaming_content)
    archive = decrypt(data, job["password"], tmp_path)
    folder = f"documents/{condition.document_id}"
    bundle = json.loads(archive.read(f"{folder}/v1.json"))
    positions = [e.get("resource", {}).get("resourceType") for e in bundle["entry"]]
    stored = condition.document.versions.get(number=1).entry_count
    assert len(positions) == stored - 1
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["counts"]["hidden_entries_left_out"] == 1
    text = archive.read(f"{folder}/v1.json").decode()
    summary = archive.read("summary/ips-ko.json").decode()
    hidden_display = client.get(f"/api/v1/me/records/{condition.id}").json()["display"]
    assert hidden_display not in summary
    with_hidden = request_export(client, capture, include_hidden=True)
    assert with_hidden["hidden_included"] is True
    assert text  # the document itself is still there, without the entry


def test_archives_expire_after_24_hours_and_the_beat_task_deletes_them(
    api, alice, alice_records, capture, monkeypatch
):
    client = api(alice)
    job = request_export(client, capture)
    row = ExportJob.objects.get(id=job["id"])
    path = exports_dir() / row.file_name
    assert path.exists() and row.expires_at - row.ready_at == dt.timedelta(hours=24)
    later = timezone.now() + dt.timedelta(hours=24, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(f"/api/v1/me/exports/{job['id']}/download").status_code == 410
    assert purge_expired_exports() == 1
    assert not path.exists()
    assert ExportJob.objects.get(id=job["id"]).status == ExportStatus.EXPIRED
    assert AuditEvent.objects.filter(action="export.archive.purge").count() == 1


def test_nothing_but_ciphertext_is_stored(api, alice, alice_records, capture):
    job = request_export(api(alice), capture)
    row = ExportJob.objects.get(id=job["id"])
    data = (exports_dir() / row.file_name).read_bytes()
    assert bytes(row.key_sealed) == b""
    for planted in (bundles.NOTE, alice.name, bundles.FAMILY, "PK\x03\x04"):
        assert planted.encode() not in data
    assert not list(exports_dir().glob("*.partial"))


def test_another_patient_gets_404(api, alice, bob, alice_records, capture):
    job = request_export(api(alice), capture)
    other = api(bob)
    assert other.get(f"/api/v1/me/exports/{job['id']}").status_code == 404
    assert other.get(f"/api/v1/me/exports/{job['id']}/download").status_code == 404
    assert api().get(f"/api/v1/me/exports/{job['id']}").status_code == 401
    refusal = AuditEvent.objects.filter(action="export.archive.download", outcome="denied")
    assert refusal.count() == 1
