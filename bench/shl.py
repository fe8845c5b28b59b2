"""SMART Health Links served by the real stack: manifest and file fetches from concurrent
recipients, beside a trivial endpoint of the same server in the same run.

    python bench/shl.py            # BENCH_CLIENTS=8 BENCH_OPENS=400

Starts gunicorn (3 sync workers) on a loopback port over PostgreSQL (database
`pocketchart_bench_shl`, recreated each run; Celery eager, cache in-process), pushes the HL7
IPS example through the real FHIR endpoint, makes a one-off passcode link and a long-term
passcode link with the sharing service, then has BENCH_CLIENTS threads open them: one open
is a manifest POST (with the passcode) and a GET of the file location it hands out. Printed:
opens/s and p50/p99 of each request, and `GET /healthz` (one SELECT 1) at the same
concurrency, as a ratio. Rate limits are raised out of the way: this measures the work.
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
DB = "pocketchart_bench_shl"
PORT = int(os.environ.get("BENCH_PORT", "8792"))
BASE = f"http://127.0.0.1:{PORT}"
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
OPENS = int(os.environ.get("BENCH_OPENS", "400"))
PASSCODE = "bench-4711"
MRN = ("http://bench-hospital.example/mrn", "BENCH-1")
ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    "DEBUG": "false",
    "DATABASE_URL": f"{PG}/{DB}",
    "PUBLIC_BASE_URL": BASE,
    "PHR_DATA_DIR": tempfile.mkdtemp(prefix="bench-shl-"),
    "PHR_MASTER_KEY": "YmVuY2gtb25seS1tYXN0ZXIta2V5LTMyLWJ5dGVzISE=",
    "SHL_REQUESTS_PER_LINK": str(10**9),
    "SHL_REQUESTS_PER_CLIENT": str(10**9),
    "LOG_LEVEL": "WARNING",
    "PYTHONPATH": f"{REPO / 'backend'}:{REPO}",
}
os.environ.update(ENV)
os.environ.pop("REDIS_URL", None)  # eager Celery: the push is indexed inside the server


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB}"')


def setup() -> tuple[Any, Any, str]:
    """Migrate; a patient who agreed, a hospital with keys, and a link code."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import Agreement, AgreementKind, User
    from common.actors import SYSTEM
    from hospitals.models import Organization
    from hospitals.services import client_register, link_code_create
    from shared.hospital import HospitalClient, HospitalKeys

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
    user = User.objects.get(id=user.id)  # typed fields (birth_date) as the database has them
    return user, HospitalClient(BASE, client.client_id, keys), code


def push_records(client: Any, code: str) -> None:
    client.link(code=code, identifiers=[MRN], birth_date="1980-04-02")
    path = REPO / "tests/fixtures/fhir/ips/hl7-fhir-ips/IPS-bundle-01.json"
    bundle = json.loads(path.read_text("utf-8"))
    for entry in bundle.get("entry", []):
        if entry.get("resource", {}).get("resourceType") == "Patient":
            entry["resource"]["identifier"] = [{"system": MRN[0], "value": MRN[1]}]
    response = client.fhir("POST", "Bundle", json.dumps(bundle).encode())
    if response.status_code != 202:
        raise SystemExit(f"push refused: {response.status_code} {response.text[:300]}")


def make_links(user: Any) -> dict[str, str]:
    from sharing.services import ShareRequest, share_create

    def link(**terms: Any) -> str:
        request = ShareRequest(summary=True, expiry="1d", passcode=PASSCODE, **terms)
        return share_create(patient=user, request=request).link

    return {"one-off link (P)": link(), "long-term link (LP)": link(long_term=True)}


def start_server(log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "-w",
        "3",
        "-b",
        f"127.0.0.1:{PORT}",
    ]
    with open(log, "wb") as out:
        return subprocess.Popen(
            command, cwd=REPO, env={**os.environ, **ENV}, stdout=out, stderr=subprocess.STDOUT
        )


def wait_until_up(seconds: float = 60) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{BASE}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not start")


def in_threads(
    count: int, work: Callable[[Any], dict[str, float]]
) -> tuple[float, dict[str, list[float]]]:
    """`count` units of work from CLIENTS threads, each with its own HTTP session."""
    import requests

    timings: dict[str, list[float]] = {}
    lock = threading.Lock()
    left = [count]

    def loop() -> None:
        session = requests.Session()
        while True:
            with lock:
                if not left[0]:
                    return
                left[0] -= 1
            measured = work(session)
            with lock:
                for name, seconds in measured.items():
                    timings.setdefault(name, []).append(seconds)

    threads = [threading.Thread(target=loop) for _ in range(CLIENTS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, timings


def timed(send: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    response = send()
    return response, time.perf_counter() - started


def opener(link: str) -> Callable[[Any], dict[str, float]]:
    from shared.shl import decode

    url = decode(link).url

    def open_once(session: Any) -> dict[str, float]:
        body = {"recipient": "Dr Bench", "passcode": PASSCODE}
        manifest, manifest_s = timed(lambda: session.post(url, json=body, timeout=30))
        if manifest.status_code != 200:
            raise SystemExit(f"manifest refused: {manifest.status_code} {manifest.text[:200]}")
        location = manifest.json()["files"][0]["location"]
        file, file_s = timed(lambda: session.get(location, timeout=30))
        if file.status_code != 200:
            raise SystemExit(f"file refused: {file.status_code}")
        return {"manifest": manifest_s, "file": file_s}

    return open_once


def healthz(session: Any) -> dict[str, float]:
    response, seconds = timed(lambda: session.get(f"{BASE}/healthz", timeout=30))
    if response.status_code != 200:
        raise SystemExit(f"healthz: {response.status_code}")
    return {"healthz": seconds}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(name: str, seconds: float, timings: dict[str, list[float]], base_rate: float) -> None:
    requests_made = sum(len(v) for v in timings.values())
    rate = requests_made / seconds
    print(f"\n{name}: {requests_made} requests from {CLIENTS} clients in {seconds:.1f} s")
    for kind, values in timings.items():
        print(
            f"  {kind:9} p50 {percentile(values, 0.5) * 1000:6.1f} ms"
            f"   p99 {percentile(values, 0.99) * 1000:6.1f} ms"
        )
    print(f"  {rate:8.1f} requests/s   ratio to /healthz {rate / base_rate:.3f}")


def main() -> None:
    recreate_database()
    user, hospital, code = setup()
    logs = Path(ENV["PHR_DATA_DIR"])
    server = start_server(logs / "gunicorn.log")
    try:
        wait_until_up()
        push_records(hospital, code)
        links = make_links(user)
        in_threads(CLIENTS * 5, healthz)  # warm every worker
        seconds, timings = in_threads(OPENS * 2, healthz)
        base_rate = OPENS * 2 / seconds
        report("GET /healthz", seconds, timings, base_rate)
        for name, link in links.items():
            seconds, timings = in_threads(OPENS, opener(link))
            report(f"{name}: manifest POST + file GET", seconds, timings, base_rate)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
