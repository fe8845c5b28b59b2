"""Backups in S3-compatible object storage, against moto's server on a loopback port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from django.core.management import call_command

from ops.backup.service import backup_write
from ops.fingerprint import fingerprint
from ops.storage import backup_storage, backup_upload, backups_listed
from tests.ops.conftest import empty_the_database

pytestmark = pytest.mark.usefixtures("transactional_db")
BUCKET = "pocketchart-backups-test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory: Any) -> Iterator[str]:
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not _answers(endpoint):
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


def _answers(endpoint: str) -> bool:
    try:
        return requests.get(endpoint, timeout=1).status_code < 500
    except requests.RequestException:
        return False


@pytest.fixture
def s3_backups(s3_endpoint: str, settings: Any) -> Any:
    import boto3

    credentials = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **credentials)
    if BUCKET not in [b["Name"] for b in client.list_buckets()["Buckets"]]:
        client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "backups": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET, "location": "backups", "endpoint_url": s3_endpoint,
                "region_name": "us-east-1", "access_key": "testing", "secret_key": "testing",
                "file_overwrite": False,
            },
        },
    }  # fmt: skip
    return client


def test_a_backup_uploaded_to_the_bucket_is_the_same_ciphertext(
    records: Any, ops_files: Path, s3_backups: Any
) -> None:
    from tests.backend.records import bundles

    made = backup_write(ops_files / "to-s3.pcbk")
    name = backup_upload(made.path)
    assert type(backup_storage()).__name__ == "S3Storage"
    stored = s3_backups.get_object(Bucket=BUCKET, Key=f"backups/{name}")["Body"].read()
    assert stored == made.path.read_bytes()
    assert bundles.NOTE.encode() not in stored
    assert name in backups_listed()


def test_a_second_upload_of_the_same_name_never_replaces_the_first(
    records: Any, ops_files: Path, s3_backups: Any
) -> None:
    first = backup_upload(backup_write(ops_files / "same.pcbk").path)
    second = backup_upload(backup_write(ops_files / "same.pcbk").path)
    assert first != second and {first, second} <= set(backups_listed())


def test_restore_from_the_bucket_gives_back_every_patient(
    records: Any, ops_files: Path, s3_backups: Any, capsys: Any
) -> None:
    before = fingerprint()
    call_command("backup", str(ops_files / "cmd.pcbk"), "--to-storage")
    name = capsys.readouterr().out.split("uploaded as ")[1].strip()
    (ops_files / "cmd.pcbk").unlink()  # the local copy is gone: only the bucket has it
    empty_the_database()
    call_command("restore", name, "--from-storage")
    after = fingerprint(audit_up_to=before["audit"]["head"][0])
    assert after["patients"] == before["patients"] and after["audit"] == before["audit"]


def test_without_a_bucket_backups_stay_on_local_disk(
    records: Any, ops_files: Path, settings: Any
) -> None:
    settings.DATA_DIR = ops_files / "data"
    name = backup_upload(backup_write(ops_files / "local.pcbk").path)
    stored = ops_files / "data" / "backups" / name
    assert stored.read_bytes() == (ops_files / "local.pcbk").read_bytes()
    assert stored.stat().st_mode & 0o777 == 0o600
