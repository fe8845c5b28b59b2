"""Properties that only the real PostgreSQL and a real worker can show (run in CI)."""

import threading
import time

import pytest
from django.db import connection, connections

from audit import services as audit
from audit.checkpoint import read_checkpoint
from audit.models import AuditEvent
from audit.tasks import seal_checkpoint
from audit.verify import verify_chain
from common.actors import Actor


@pytest.mark.postgres
def test_concurrent_writers_keep_one_chain(transactional_db):
    assert connection.vendor == "postgresql"
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(40):
                with audit.atomic():
                    audit.record(
                        actor=Actor("patient", f"w{n}"), action="record.read", object_id=str(i)
                    )
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 241))
    assert verify_chain().ok


@pytest.mark.postgres
def test_the_application_cannot_truncate_the_trail(transactional_db):
    audit.record(actor=Actor("system"), action="x")
    with pytest.raises(Exception, match="append-only"), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent")


@pytest.mark.redis
@pytest.mark.postgres
def test_a_task_round_trips_through_redis_and_a_real_worker(
    transactional_db, celery_worker_process
):
    for i in range(3):
        audit.record(actor=Actor("system"), action="demo", object_id=str(i))
    seal_checkpoint.delay()
    deadline = time.monotonic() + 30
    checkpoint = None
    while time.monotonic() < deadline:
        checkpoint = read_checkpoint()
        if checkpoint and checkpoint.seq == 3:
            break
        time.sleep(0.2)
    assert checkpoint is not None and checkpoint.seq == 3
    assert checkpoint.hash == AuditEvent.objects.get(seq=3).hash
