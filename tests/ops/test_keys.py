"""Key rotation: the master key under load with nothing unreadable after, the signing key,
and `key_status` telling when an old master key may go."""

from __future__ import annotations

import base64
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from common.crypto.keys import key_id, keyring, reset_keyring_cache
from ops.fingerprint import fingerprint
from ops.keys import key_status
from tests.backend.records import bundles
from tests.ops.conftest import push

pytestmark = pytest.mark.usefixtures("transactional_db")
FHIR = "application/fhir+json"


@pytest.fixture
def new_master_key(settings: Any) -> Iterator[str]:
    """A fresh key put first, the old one kept after it, as the runbook says."""
    old = settings.PHR_MASTER_KEY_TEXT
    new = base64.b64encode(os.urandom(32)).decode()
    settings.PHR_MASTER_KEY_TEXT = f"{new},{old}"
    reset_keyring_cache()
    yield new
    settings.PHR_MASTER_KEY_TEXT = old
    reset_keyring_cache()


def looping(work: Callable[[], bool], stop: threading.Event, tally: list[bool]) -> threading.Thread:
    def run() -> None:
        try:
            while not stop.is_set():
                tally.append(work())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.postgres
def test_master_key_rotation_under_load_leaves_nothing_unreadable(
    records: dict[str, Any], hospital_a: Any, api: Any, new_master_key: str, settings: Any
) -> None:
    import orjson

    alice, before = records["alice"], fingerprint()
    reader, fhir, counter = api(alice), hospital_a.fhir, iter(range(10_000))

    def read() -> bool:
        return reader.get("/api/v1/me/timeline").status_code == 200

    def write() -> bool:
        bundle = bundles.collection(bundles.condition("PATIENT"), identifier=f"r-{next(counter)}")
        return (
            fhir.post("/fhir/R4/Bundle", orjson.dumps(bundle), content_type=FHIR).status_code == 202
        )

    stop, reads, writes = threading.Event(), [], []
    threads = [looping(read, stop, reads), looping(write, stop, writes)]
    time.sleep(1)
    during = (len(reads), len(writes))
    call_command("rotate_master_key")
    call_command("rotate_signing_key")
    time.sleep(1)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    assert all(reads) and all(writes) and len(reads) > during[0] and len(writes) > during[1]
    settings.PHR_MASTER_KEY_TEXT = new_master_key  # the old key is removed
    reset_keyring_cache()
    after = fingerprint()
    for patient, seen in before["patients"].items():
        assert set(seen["documents"].items()) <= set(
            after["patients"][patient]["documents"].items()
        )
    assert api(alice).get("/api/v1/me/timeline").status_code == 200  # a new token signs


def test_key_status_says_the_old_key_is_needed_until_everything_is_rewrapped(
    records: Any, new_master_key: str, capsys: Any
) -> None:
    old = keyring().keys[1].kid
    assert not key_status().removable(old)
    with pytest.raises(CommandError, match="still needed"):
        call_command("key_status", "--check-removable", old)
    call_command("rotate_master_key")
    call_command("rotate_signing_key")
    status = key_status()
    assert old not in status.uses and status.removable(old)
    call_command("key_status", "--check-removable", old)
    assert f"master key {old} can be removed" in capsys.readouterr().out


def test_deletion_ledger_lines_keep_their_master_key_needed(
    records: dict[str, Any], new_master_key: str, ops_files: Path, settings: Any
) -> None:
    from accounts.services.profile import account_shred
    from common.actors import SYSTEM

    old_text = settings.PHR_MASTER_KEY_TEXT.split(",")[1]
    settings.PHR_MASTER_KEY_TEXT = old_text  # the deletion happens before the rotation
    reset_keyring_cache()
    account_shred(user=records["bob"], actor=SYSTEM, action="account.delete")
    settings.PHR_MASTER_KEY_TEXT = f"{new_master_key},{old_text}"
    reset_keyring_cache()
    call_command("rotate_master_key")
    call_command("rotate_signing_key")
    old = key_id(base64.b64decode(old_text))
    status = key_status()
    assert status.uses[old].ledger_lines == 1 and not status.removable(old)


def test_a_push_after_rotation_uses_the_new_key(
    records: dict[str, Any], hospital_a: Any, new_master_key: str
) -> None:
    from common.models import DataKey

    call_command("rotate_master_key")
    push(hospital_a, bundles.collection(bundles.condition("PATIENT"), identifier="after"))
    kids = set(DataKey.objects.filter(destroyed_at__isnull=True).values_list("kid", flat=True))
    assert kids == {keyring().current.kid}
