"""Concurrency and outages on the real services (PostgreSQL, Redis, a Celery worker)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import orjson
import pytest
from django.db import connection, connections
from django.utils import timezone

from records.models import Document, DocumentVersion, IndexEntry, Submission
from records.services import submissions_sweep
from tests.backend.records import bundles

REPO = Path(__file__).resolve().parents[3]
FHIR = "application/fhir+json"


def concurrently(count: int, work: Callable[[], int]) -> list[int]:
    barrier = threading.Barrier(count)
    results: list[int] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(work())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.postgres
def test_ten_concurrent_identical_pushes_store_one_document(
    transactional_db, hospital_a, linked_alice
):
    body = orjson.dumps(bundles.document())
    token = hospital_a.token()

    def one_push() -> int:
        from rest_framework.test import APIClient

        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client.post("/fhir/R4/Bundle", data=body, content_type=FHIR).status_code

    statuses = concurrently(10, one_push)
    assert sorted(statuses) == [200] * 9 + [202]
    assert Document.objects.count() == 1 and DocumentVersion.objects.count() == 1
    assert Submission.objects.count() == 1


@pytest.mark.postgres
def test_concurrent_new_contents_become_consecutive_versions(
    transactional_db, hospital_a, linked_alice
):
    token = hospital_a.token()
    bodies = []
    for value in range(4):
        bundle = bundles.document()
        bundle["entry"][3]["resource"]["valueQuantity"]["value"] = float(value)
        bodies.append(orjson.dumps(bundle))

    def one_push() -> int:
        from rest_framework.test import APIClient

        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client.post("/fhir/R4/Bundle", data=bodies.pop(), content_type=FHIR).status_code

    assert concurrently(4, one_push) == [202] * 4
    numbers = sorted(DocumentVersion.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4] and Document.objects.get().current_version == 4


@contextmanager
def unreachable_broker() -> Iterator[None]:
    """Publish to a port nothing listens on, as during a Redis outage."""
    from config.celery import app

    saved = (app.conf.broker_url, app._pool, app.amqp._producer_pool)
    app._pool, app.amqp._producer_pool = None, None
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        yield
    finally:
        if app._pool is not None:
            app._pool.force_close_all()
        app.conf.broker_url, app._pool, app.amqp._producer_pool = saved


def wait_until(check: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def push_all(hospital, count: int) -> list[str]:
    ids = []
    for number in range(count):
        bundle = bundles.document(identifier=f"outage-{number}")
        response = hospital.fhir.post(
            "/fhir/R4/Bundle", data=orjson.dumps(bundle), content_type=FHIR
        )
        assert response.status_code == 202, response.content
        ids.append(response.json()["id"])
    return ids


@pytest.mark.postgres
@pytest.mark.redis
def test_pushes_during_a_broker_outage_are_stored_once_when_it_returns(
    transactional_db, celery_worker_process, hospital_a, linked_alice, settings
):
    settings.RECORDS_SWEEP_GRACE_SECONDS = 0
    with unreachable_broker():
        ids = push_all(hospital_a, 5)
        assert submissions_sweep() == 0  # still down: published nothing, lost nothing
    assert set(Submission.objects.values_list("status", flat=True)) == {"queued"}
    assert submissions_sweep() == 5
    submissions_sweep()  # a second sweep while they run must not index anything twice
    wait_until(lambda: Submission.objects.filter(status="stored").count() == 5)
    assert IndexEntry.objects.count() == 5 * 3
    for submission_id in ids:
        entries = IndexEntry.objects.filter(document__submissions__id=submission_id)
        assert entries.values("entry_index").distinct().count() == entries.count() == 3


def start_worker(queue: str, log: Path) -> subprocess.Popen[bytes]:
    from django.conf import settings

    name = connection.settings_dict["NAME"]
    env = {
        **os.environ,
        "DATABASE_URL": os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PHR_DATA_DIR": str(settings.DATA_DIR),
        "PHR_MASTER_KEY": str(settings.PHR_MASTER_KEY_TEXT),
        "PYTHONPATH": f"{REPO / 'backend'}:{REPO}",
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "-l",
        "INFO",
        "-Q",
        queue,
    ]
    with open(log, "wb") as out:
        worker = subprocess.Popen(command, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
    wait_until(lambda: b"ready." in log.read_bytes() or worker.poll() is not None)
    assert worker.poll() is None, log.read_text()[-2000:]
    return worker


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.slow
def test_a_worker_killed_mid_task_leaves_no_duplicate_rows(
    transactional_db, celery_worker_process, hospital_a, linked_alice, settings, tmp_path
):
    from records.tasks import index_submission

    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-doomed"
    doomed = start_worker(queue, tmp_path / "doomed.log")
    try:
        with unreachable_broker():
            response = hospital_a.fhir.post(
                "/fhir/R4/Bundle", data=bundles.padded(3 * 1024 * 1024), content_type=FHIR
            )
        assert response.status_code == 202
        submission_id = response.json()["id"]
        index_submission.apply_async(args=[submission_id], queue=queue)
        wait_until(lambda: Submission.objects.get(id=submission_id).status == "processing")
        doomed.send_signal(signal.SIGKILL)  # mid-task: the index transaction dies with it
        doomed.wait(timeout=30)
    finally:
        if doomed.poll() is None:
            doomed.kill()
    submission = Submission.objects.get(id=submission_id)
    if submission.status == "stored":
        pytest.skip("the worker finished before it could be killed")
    assert not IndexEntry.objects.exists()
    Submission.objects.filter(id=submission_id).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert submissions_sweep() == 1
    wait_until(lambda: Submission.objects.get(id=submission_id).status == "stored", 120)
    entries = IndexEntry.objects.all()
    assert entries.count() == entries.values("entry_index").distinct().count() > 4000
    assert Submission.objects.get(id=submission_id).attempts == 2
