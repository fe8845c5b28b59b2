"""Backup and restore: a full round trip, deletions after the backup, and refusals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ops.backup.load import RestoreRefused, check_target
from ops.backup.service import backup_write, restore_from
from ops.backup.stream import BackupError
from ops.fingerprint import fingerprint
from tests.ops.conftest import empty_the_database

pytestmark = pytest.mark.usefixtures("transactional_db")


def test_restore_gives_back_every_patients_documents_grants_and_the_audit_chain(
    records: dict[str, Any], ops_files: Path
) -> None:
    before = fingerprint()
    made = backup_write(ops_files / "full.pcbk")
    patients = before["patients"].values()
    assert len(patients) == 2 and all(p["documents"] for p in patients)
    assert any(p["attachments"] for p in patients) and any(p["grants"] for p in patients)
    empty_the_database()
    restored = restore_from(made.path)
    after = fingerprint(audit_up_to=made.audit_head)
    assert after["patients"] == before["patients"]
    assert after["audit"] == before["audit"] and after["audit_intact"]
    assert restored.rows > 100 and restored.audit_head > made.audit_head  # ops.backup/restore


def test_an_account_deleted_after_the_backup_stays_unreadable_after_restore(
    records: dict[str, Any], ops_files: Path
) -> None:
    from accounts.models import User
    from accounts.services.profile import account_shred
    from common.actors import SYSTEM
    from records.models import Document

    alice, bob = records["alice"], records["bob"]
    made = backup_write(ops_files / "before-deletion.pcbk")
    bob_before = fingerprint()["patients"][str(bob.id)]
    account_shred(user=alice, actor=SYSTEM, action="account.delete")
    empty_the_database()
    restored = restore_from(made.path)
    assert restored.reapplied == [str(alice.id)] and not restored.ledger_problems
    patients = fingerprint()["patients"]
    assert patients[str(alice.id)] == {"shredded": True}
    assert not Document.objects.filter(patient_id=alice.id).exists()
    assert not User.objects.get(id=alice.id).is_active
    assert patients[str(bob.id)] == bob_before


def test_restore_refuses_a_database_that_is_not_empty(
    records: dict[str, Any], ops_files: Path
) -> None:
    made = backup_write(ops_files / "b.pcbk")
    with pytest.raises(RestoreRefused, match="not empty"):
        restore_from(made.path)


def test_restore_refuses_a_database_at_another_migration_state(records: Any) -> None:
    from ops.backup.dump import dump_meta

    meta = dump_meta()
    meta["migrations"] = [*meta["migrations"], ["records", "9999_from_the_future"]]
    with pytest.raises(RestoreRefused, match="migrations differ"):
        check_target(meta)


def test_a_damaged_backup_is_refused_before_anything_is_loaded(
    records: Any, ops_files: Path
) -> None:
    made = backup_write(ops_files / "b.pcbk")
    data = bytearray(made.path.read_bytes())
    data[-100] ^= 0x01
    damaged = ops_files / "damaged.pcbk"
    damaged.write_bytes(bytes(data))
    empty_the_database()
    with pytest.raises(BackupError, match="checksum"):
        restore_from(damaged)
    truncated = ops_files / "truncated.pcbk"
    truncated.write_bytes(made.path.read_bytes()[:-50])
    with pytest.raises(BackupError):
        restore_from(truncated)
    from accounts.models import User

    assert not User.objects.exists()


def test_a_backup_cannot_be_opened_without_its_master_key(
    records: Any, ops_files: Path, settings: Any
) -> None:
    import base64

    from common.crypto.keys import reset_keyring_cache

    made = backup_write(ops_files / "b.pcbk")
    settings.PHR_MASTER_KEY_TEXT = base64.b64encode(b"n" * 32).decode()
    reset_keyring_cache()
    try:
        with pytest.raises(BackupError, match="not in the keyring"):
            restore_from(made.path)
    finally:
        settings.PHR_MASTER_KEY_TEXT = base64.b64encode(b"k" * 32).decode()
        reset_keyring_cache()


def test_the_backup_holds_no_clinical_text_in_clear(records: Any, ops_files: Path) -> None:
    from tests.backend.records import bundles

    made = backup_write(ops_files / "b.pcbk")
    raw = made.path.read_bytes()
    for planted in (bundles.NOTE, bundles.FAMILY, "김앨리스", "alice@example.org"):
        assert planted.encode() not in raw


def test_the_commands_write_check_and_restore(records: Any, ops_files: Path, capsys: Any) -> None:
    target = ops_files / "cmd.pcbk"
    call_command("backup", str(target))
    call_command("backup", str(target), "--check")
    assert "is intact" in capsys.readouterr().out
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(target))
    empty_the_database()
    call_command("restore", str(target))
    assert "restored" in capsys.readouterr().out
