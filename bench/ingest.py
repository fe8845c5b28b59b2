"""FHIR ingestion over HTTP against a real stack, beside raw inserts of the same bytes.

    python bench/ingest.py            # BENCH_CLIENTS=4 BENCH_IPS=400 BENCH_SYNTHEA=40

Starts its own server (gunicorn, 3 sync workers) and one Celery worker on PostgreSQL
(database `pocketchart_bench_ingest`, recreated each run) and Redis (db 13, its own queue),
registers a hospital with a real key pair, links a patient through the real endpoints, then
pushes real Bundles (the HL7 IPS example; a Synthea history when ../shared/fixtures is
present) from several concurrent clients. Each push gets its own Bundle.identifier, so none
is a duplicate. Printed: bundles/s, resources/s, p50/p99 accept latency, time until every
push is indexed, and the same bytes inserted raw into a bytea column (one row per
transaction, same concurrency) as a ratio.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "backend"), str(REPO)]
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = "pocketchart_bench_ingest"
PORT = int(os.environ.get("BENCH_PORT", "8791"))
BASE = f"http://127.0.0.1:{PORT}"
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
MRN = ("http://bench-hospital.example/mrn", "BENCH-1")
ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    "DEBUG": "false",
    "DATABASE_URL": f"{PG}/{DB}",
    "REDIS_URL": os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/13"),
    "CELERY_QUEUE": "bench-ingest",
    "PUBLIC_BASE_URL": BASE,
    "PHR_DATA_DIR": tempfile.mkdtemp(prefix="bench-ingest-"),
    "PHR_MASTER_KEY": "YmVuY2gtb25seS1tYXN0ZXIta2V5LTMyLWJ5dGVzISE=",
    "LOG_LEVEL": "WARNING",
    "PYTHONPATH": f"{REPO / 'backend'}:{REPO}",
}
os.environ.update(ENV)


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB}"')


def setup() -> tuple[Any, str]:
    """Migrate; make a patient who agreed, a hospital with keys, and a link code."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import Agreement, AgreementKind, User
    from common.actors import SYSTEM
    from hospitals.models import Organization
    from hospitals.services import client_register, link_code_create
    from shared.hospital import HospitalKeys

    call_command("migrate", verbosity=0)
    user = User.objects.create_user(
        "bench@example.org", "bench-password-1", name="Bench", birth_date="1980-04-02"
    )
    Agreement.objects.create(
        user=user,
        kind=AgreementKind.SENSITIVE_HEALTH_DATA,
        version="1",
        language="en",
        given_at=timezone.now(),
    )
    keys = HospitalKeys.generate("ES384")
    organization = Organization.objects.create(names={"en": "Bench"}, identifier_value="99900001")
    client = client_register(
        organization=organization, name="Bench", jwks=keys.jwks(), actor=SYSTEM
    )
    code = link_code_create(patient_id=user.id, actor=SYSTEM)["code"]
    from shared.hospital import HospitalClient

    return HospitalClient(BASE, client.client_id, keys), code


def start(command: list[str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "wb") as out:
        return subprocess.Popen(
            command, cwd=REPO, env={**os.environ, **ENV}, stdout=out, stderr=subprocess.STDOUT
        )


def wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not happen within {seconds:.0f} s")
        time.sleep(0.2)


def server_up() -> bool:
    import requests

    try:
        return requests.get(f"{BASE}/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def readdressed(bundle: dict[str, Any], number: int) -> bytes:
    """The Bundle for our patient, under its own identifier (so never a duplicate)."""
    for entry in bundle.get("entry", []):
        if entry.get("resource", {}).get("resourceType") == "Patient":
            entry["resource"]["identifier"] = [{"system": MRN[0], "value": MRN[1]}]
    bundle["identifier"] = {
        "system": "http://bench-hospital.example/bundles",
        "value": f"bench-{number}",
    }
    return json.dumps(bundle).encode()


def scenarios() -> list[tuple[str, Path, int]]:
    found = [
        (
            "IPS document (HL7 example)",
            REPO / "tests/fixtures/fhir/ips/hl7-fhir-ips/IPS-bundle-01.json",
            int(os.environ.get("BENCH_IPS", "400")),
        )
    ]
    synthea = REPO.parent / "shared/fixtures/synthea/fhir-data-pipes-hiv"
    files = (
        sorted(synthea.glob("*.json"), key=lambda p: p.stat().st_size) if synthea.exists() else []
    )
    if files:
        found.append(
            ("Synthea transaction (history)", files[0], int(os.environ.get("BENCH_SYNTHEA", "40")))
        )
    return found


def in_threads(bodies: list[bytes], send: Callable[[bytes], None]) -> tuple[float, list[float]]:
    """Send every body from CLIENTS threads; (seconds, per-request latencies)."""
    latencies: list[float] = []
    lock = threading.Lock()
    queue = list(reversed(bodies))

    def loop() -> None:
        while True:
            with lock:
                if not queue:
                    return
                body = queue.pop()
            started = time.perf_counter()
            send(body)
            with lock:
                latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=loop) for _ in range(CLIENTS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, latencies


def pusher(template: Any) -> Callable[[bytes], None]:
    local = threading.local()

    def send(body: bytes) -> None:
        if not hasattr(local, "client"):
            from shared.hospital import HospitalClient

            local.client = HospitalClient(template.base_url, template.client_id, template.keys)
        response = local.client.fhir("POST", "Bundle", body)
        if response.status_code != 202:
            raise SystemExit(f"push refused: {response.status_code} {response.text[:300]}")

    return send


def raw_inserter() -> Callable[[bytes], None]:
    import psycopg

    local = threading.local()

    def send(body: bytes) -> None:
        if not hasattr(local, "conn"):
            local.conn = psycopg.connect(f"{PG}/{DB}", autocommit=True)
        local.conn.execute("INSERT INTO bench_raw_bundle (body) VALUES (%s)", [body])

    return send


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(name: str, path: Path, count: int, client: Any) -> None:
    from django.db import connection

    from records.models import Submission

    template = json.loads(path.read_text("utf-8"))
    resources = len(template.get("entry", []))
    bodies = [readdressed(json.loads(json.dumps(template)), n) for n in range(count)]
    before = set(Submission.objects.values_list("id", flat=True))
    began = time.perf_counter()
    seconds, latencies = in_threads(bodies, pusher(client))
    pending = Submission.objects.exclude(id__in=before).exclude(status="stored")
    wait_for(lambda: not pending.exists(), 1800, "indexing")
    indexed_after = time.perf_counter() - began
    lags = [
        (s.indexed_at - s.created_at).total_seconds()
        for s in Submission.objects.exclude(id__in=before)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_raw_bundle "
            "(id bigserial PRIMARY KEY, body bytea NOT NULL)"
        )
    raw_seconds, _ = in_threads(bodies, raw_inserter())
    rate, raw_rate = count / seconds, count / raw_seconds
    size = sum(map(len, bodies)) / count / 1024
    print(f"\n{name}: {count} pushes of {resources} entries (~{size:.0f} KB), {CLIENTS} clients")
    print(f"  accepted        {rate:8.1f} bundles/s  {rate * resources:9.0f} resources/s")
    print(
        f"  accept latency  p50 {percentile(latencies, 0.5) * 1000:6.0f} ms"
        f"   p99 {percentile(latencies, 0.99) * 1000:6.0f} ms"
    )
    print(
        f"  indexed         all {indexed_after:6.1f} s after the first push;"
        f" lag p50 {percentile(lags, 0.5):.1f} s, p99 {percentile(lags, 0.99):.1f} s"
    )
    print(f"  raw bytea insert{raw_rate:8.1f} rows/s     ratio ingest/raw {rate / raw_rate:.3f}")


def main() -> None:
    recreate_database()
    client, code = setup()
    logs = Path(ENV["PHR_DATA_DIR"])
    server = start(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-w",
            "3",
            "-b",
            f"127.0.0.1:{PORT}",
            "--timeout",
            "120",
        ],
        logs / "server.log",
    )
    worker = start(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            "bench-ingest",
            "-l",
            "WARNING",
        ],
        logs / "worker.log",
    )
    try:
        wait_for(server_up, 60, "the server answering /healthz")
        client.link(code=code, identifiers=[MRN], birth_date="1980-04-02")
        print(f"server: gunicorn 3 sync workers; one Celery worker (solo); logs in {logs}")
        for name, path, count in scenarios():
            run(name, path, count, client)
    finally:
        for process in (server, worker):
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
