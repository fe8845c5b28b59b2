"""Reading latency on PostgreSQL: timeline first page, a deep page and the merged summary,
for patients with 1,000 and 100,000 entries, at 1, 4 and 8 concurrent readers, beside a
raw primary-key read of one index row in the same run.

    .venv/bin/python bench/timeline.py      # BENCH_SECONDS=4 BENCH_READERS=1,4,8

Its own database (pocketchart_bench_timeline), made and migrated on first use. Rows are made
by the ingestion code itself (records.services.rows.build_rows: the same sealing, keyed code
hashes and clear columns as a push), then bulk-inserted, so reads meet real rows. Requests go
through the real view stack in-process (django.test.Client with a real session token): auth,
selector, audit event, orjson. The raw read is `SELECT ... WHERE id = %s`: the floor.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "backend"), str(REPO)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DEBUG", "false")  # DEBUG keeps every query in memory
os.environ.setdefault(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pocketchart_bench_timeline"
)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
SECONDS = float(os.environ.get("BENCH_SECONDS", "4"))
READERS = [int(n) for n in os.environ.get("BENCH_READERS", "1,4,8").split(",")]
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000,100000").split(",")]
PER_DOCUMENT = 250
# 40 lab tests, 12 problems, 15 medications: a long-followed chronic patient's mix.
LOINC = [f"{1000 + i}-{i % 10}" for i in range(40)]


def ensure_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def resource(n: int, day: date) -> dict[str, Any]:
    subject = {"reference": "urn:uuid:00000000-0000-4000-8000-000000000001"}
    if n % 20 == 0:
        return {
            "resourceType": "Condition",
            "clinicalStatus": {"coding": [{"code": "active" if n % 3 else "resolved"}]},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": str(100 + n % 12)}]},
            "subject": subject,
            "onsetDateTime": day.isoformat(),
        }
    if n % 20 == 1:
        return {
            "resourceType": "MedicationStatement",
            "status": "active",
            "medicationCodeableConcept": {
                "coding": [{"system": "http://www.whocc.no/atc", "code": f"A10BA{n % 15:02d}"}]
            },
            "subject": subject,
            "effectiveDateTime": day.isoformat(),
        }
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": LOINC[n % 40]}]},
        "subject": subject,
        "effectiveDateTime": day.isoformat(),
        "valueQuantity": {"value": n % 97, "unit": "mg/dL"},
    }


def bundle_for(first: int, count: int, start: date) -> dict[str, Any]:
    # Clinic days: blocks of 25 results on one date, so ties on a date are common.
    entries = [
        {"fullUrl": f"urn:uuid:{n:08d}-0000-4000-8000-000000000000",
         "resource": resource(n, start + timedelta(days=n // 25))}
        for n in range(first, first + count)
    ]  # fmt: skip
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def make_patient(size: int) -> Any:
    from django.utils import timezone

    from accounts.models import Agreement, AgreementKind, User

    email = f"bench-{size}@example.org"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, "bench-password-1", name="Bench", birth_date="1980-04-02"
        )
        Agreement.objects.create(
            user=user, kind=AgreementKind.SENSITIVE_HEALTH_DATA, version="1", language="en",
            given_at=timezone.now(),
        )  # fmt: skip
    return user


def fill(user: Any, size: int) -> None:
    """Documents of PER_DOCUMENT entries each, indexed by the ingestion code's own rows."""
    import orjson
    from django.db import connection

    from common.crypto.envelope import data_key_for, encrypt_field
    from hospitals.models import Organization
    from records.models import Document, DocumentVersion, IndexCode, IndexEntry
    from records.services.rows import Context, build_rows, code_subkey
    from shared.fhir import parse_fhir_date

    have = IndexEntry.objects.filter(patient=user).count()
    if have >= size:
        return
    key = data_key_for(user.id)
    hospitals = [
        Organization.objects.get_or_create(
            identifier_value=f"9990000{i}", defaults={"names": {"en": f"Bench {i}"}}
        )[0]
        for i in (1, 2)
    ]  # fmt: skip
    for first in range(have, size, PER_DOCUMENT):
        count = min(PER_DOCUMENT, size - first)
        bundle = bundle_for(first, count, date(2015, 1, 1))
        org = hospitals[(first // PER_DOCUMENT) % 2]
        document = Document.objects.create(
            patient=user, organization=org, identity_hash=f"bench-{first}",
            bundle_type="collection", kind="record-set",
        )  # fmt: skip
        payload = orjson.dumps(bundle)
        version = DocumentVersion(
            document=document,
            number=1,
            content_hash="x",
            payload_bytes=len(payload),
            entry_count=count,
        )
        version.payload = encrypt_field(
            user.id,
            payload,
            table="records_documentversion",
            row_id=version.id,
            field="payload",
            key=key,
        )
        version.save()
        ctx = Context(
            patient_id=user.id, document_id=document.id, version=version, organization_id=org.id,
            kind="record-set", retracted=False, received=parse_fhir_date("2024-01-01"), key=key,
            code_key=code_subkey(key),
        )  # fmt: skip
        entries, codes = build_rows(bundle, ctx)
        IndexEntry.objects.bulk_create(entries, batch_size=1000)
        IndexCode.objects.bulk_create(codes, batch_size=2000)
    with connection.cursor() as cursor:
        # What autovacuum does soon after a bulk load; without statistics the planner
        # guesses one row per patient, and index-only scans need the visibility map.
        cursor.execute("VACUUM ANALYZE records_indexentry")
    print(f"  made {size - have} entries for the {size:,}-entry patient", flush=True)


def deep_cursor(user: Any, depth: float = 0.9) -> str:
    from records.models import IndexEntry
    from records.selectors.cursor import Position

    rows = IndexEntry.objects.filter(patient=user, hidden=False, retracted=False)
    offset = int(rows.count() * depth)
    row = rows.order_by("-sort_date", "-sort_at", "-id").values("sort_date", "sort_at", "id")[
        offset
    ]
    return Position.of(row).encode()


def measure(operation: Callable[[], None], readers: int) -> list[float]:
    from django.db import connections

    latencies: list[list[float]] = [[] for _ in range(readers)]
    ready = threading.Barrier(readers)
    stop: list[float] = []

    def loop(n: int) -> None:
        operation()  # warm this thread's connection and caches before the clock starts
        if ready.wait() == 0:
            stop.append(time.monotonic() + SECONDS)
        ready.wait()
        while time.monotonic() < stop[0]:
            began = time.perf_counter()
            operation()
            latencies[n].append(time.perf_counter() - began)
        connections.close_all()

    threads = [threading.Thread(target=loop, args=(n,)) for n in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [value for found in latencies for value in found]


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def operations(user: Any) -> dict[str, Callable[[], None]]:
    from django.db import connection
    from django.test import Client

    from accounts.services import session_start
    from records.models import IndexEntry

    token = session_start(user=user, client_ip="127.0.0.1", user_agent="bench").access
    ids = list(IndexEntry.objects.filter(patient=user).values_list("id", flat=True)[:2000])
    deep = deep_cursor(user)
    local = threading.local()

    def get(path: str, **params: str) -> None:
        if not hasattr(local, "client"):
            local.client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        response = local.client.get(path, params)
        assert response.status_code == 200, response.status_code

    def raw() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT display, sort_date, status FROM records_indexentry WHERE id = %s",
                [random.choice(ids)],
            )
            cursor.fetchone()

    return {
        "raw pk read": raw,
        "timeline first page": lambda: get("/api/v1/me/timeline", lang="en"),
        "timeline deep page (90%)": lambda: get("/api/v1/me/timeline", lang="en", cursor=deep),
        "merged summary": lambda: get("/api/v1/me/summary", lang="en"),
    }


def main() -> None:
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"reading latency, {SECONDS:.0f} s per cell, page of 50; ratio = p50 / raw p50")
    for size in SIZES:
        user = make_patient(size)
        fill(user, size)
        ops = operations(user)
        print(f"\npatient with {size:,} entries")
        columns = ("p50 ms", "p99 ms", "ratio", "req/s")
        print(f"{'operation':<26} {'readers':>7} " + " ".join(f"{c:>8}" for c in columns))
        for readers in READERS:
            floor = p(measure(ops["raw pk read"], readers), 50)
            for name, operation in ops.items():
                found = measure(operation, readers)
                p50, p99 = p(found, 50), p(found, 99)
                print(f"{name:<26} {readers:>7} {p50 * 1e3:>8.2f} {p99 * 1e3:>8.2f} "
                      f"{p50 / floor:>7.1f} {len(found) / SECONDS:>7.0f}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
