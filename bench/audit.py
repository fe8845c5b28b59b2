"""Audit events per second at 1, 2 and 8 concurrent writers on PostgreSQL, beside plain
inserts of the same columns into a table with no chain, measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pocketchart_bench python bench/audit.py

Each writer commits one event per transaction (the common case: one audited change). The
ratio shows what the chain costs (advisory lock + head read + hash) over a bare insert.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "backend"), str(REPO)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DEBUG", "false")  # DEBUG keeps every query in memory
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pocketchart_bench")
SECONDS = float(os.environ.get("BENCH_SECONDS", "4"))


def ensure_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup() -> None:
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain_event")
        cursor.execute(
            "CREATE TABLE bench_plain_event (LIKE audit_auditevent "
            "INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES)"
        )
        cursor.execute(
            "ALTER TABLE bench_plain_event DROP CONSTRAINT IF EXISTS bench_plain_event_seq_key"
        )


def audited(worker: int, i: int) -> None:
    from audit import services as audit
    from common.actors import Actor

    with audit.atomic():
        audit.record(
            actor=Actor("patient", f"w{worker}"),
            action="record.read",
            patient_id=f"p{worker}",
            object_type="document",
            object_id=str(i),
        )


def plain(worker: int, i: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_plain_event (seq, occurred_at, actor_type, actor_id, role, action,"
            " patient_id, object_type, object_id, purpose, client_ip, user_agent, outcome,"
            " detail, prev_hash, hash) VALUES (%s, %s, 'patient', %s, '', 'record.read', %s,"
            " 'document', %s, '', '', '', 'success', '{}', %s, %s)",
            [
                worker * 10**9 + i,
                timezone.now(),
                f"w{worker}",
                f"p{worker}",
                str(i),
                "0" * 64,
                "0" * 64,
            ],
        )


def run(operation, writers: int) -> float:  # type: ignore[no-untyped-def]
    from django.db import connections

    counts = [0] * writers
    stop = time.monotonic() + SECONDS

    def loop(n: int) -> None:
        i = 0
        while time.monotonic() < stop:
            operation(n, i)
            i += 1
        counts[n] = i
        connections.close_all()

    threads = [threading.Thread(target=loop, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / SECONDS


def main() -> None:
    ensure_database()
    setup()
    from audit.verify import verify_chain

    print(f"audit chain vs plain insert, one event per transaction, {SECONDS:.0f} s each")
    print(f"{'writers':>8} {'audit/s':>10} {'plain/s':>10} {'ratio':>7}")
    for writers in (1, 2, 8):
        chained = run(audited, writers)
        baseline = run(plain, writers)
        print(f"{writers:>8} {chained:>10.0f} {baseline:>10.0f} {chained / baseline:>7.2f}")
    report = verify_chain()
    print(report.describe())


if __name__ == "__main__":
    main()
