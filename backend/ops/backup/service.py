"""Backup and restore as the operator runs them (docs/operations.md, "Backup and restore").

A backup is written to a local file next to its target and renamed into place when complete;
a restore checks the checksum, decrypts and loads everything in one transaction, re-applies
the deletion ledger (accounts deleted after the backup are deleted again), re-seals the audit
checkpoint at the restored head, and audits each step.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from audit import services as audit
from audit.checkpoint import CheckpointInvalid, read_checkpoint
from audit.verify import seal, verify_links
from common.actors import Actor
from exports.deletion.reapply import deletion_ledger_reapply
from ops.backup.dump import dump_lines, dump_meta, snapshot
from ops.backup.load import RestoreRefused, check_target, json_lines, load_rows
from ops.backup.stream import SealingWriter, check_checksum, plaintext_chunks

OPERATOR = Actor("operator", "cli", "operator")


@dataclass(frozen=True)
class BackupMade:
    path: Path
    header: dict[str, Any]
    audit_head: int
    seconds: float


@dataclass
class Restored:
    rows: int
    audit_head: int
    seconds: float
    reapplied: list[str] = field(default_factory=list)
    ledger_problems: list[str] = field(default_factory=list)
    lost_after_seq: int | None = None  # the checkpoint reached past the backup's head


def backup_write(target: Path) -> BackupMade:
    started = time.monotonic()
    partial = target.with_name(target.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w+b") as sink:
            writer = SealingWriter(sink)
            with snapshot():
                meta = dump_meta()
                for line in dump_lines(meta):
                    writer.write(line)
            header = writer.finish()
            os.fsync(sink.fileno())
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    head = int(meta["audit_head"][0])
    _audit_backup(header, head)
    return BackupMade(target, header, head, time.monotonic() - started)


def _audit_backup(header: dict[str, Any], head: int) -> None:
    audit.record(
        actor=OPERATOR, action="ops.backup", object_type="backup",
        object_id=header["body_sha256"][:16],
        detail={"audit_head": head, "bytes": header["body_bytes"], "kid": header["kid"]},
    )  # fmt: skip


def backup_check(source: Path) -> dict[str, Any]:
    """Checksum, then decrypt and parse everything without writing: a tested backup."""
    with source.open("rb") as handle:
        header = check_checksum(handle)
    with source.open("rb") as handle:
        items = json_lines(plaintext_chunks(handle))
        meta = next(items)
        rows = sum(1 for item in items if isinstance(item, list))
    return {**header, "rows": rows, "audit_head": meta["audit_head"][0]}


def restore_from(source: Path) -> Restored:
    started = time.monotonic()
    with source.open("rb") as handle:
        check_checksum(handle)
    with source.open("rb") as handle, audit.atomic():
        items = json_lines(plaintext_chunks(handle))
        meta: dict[str, Any] = next(items, {})
        check_target(meta)
        loaded = load_rows(items, meta)
        _require_intact_chain()
        lost = _checkpoint_beyond(int(meta["audit_head"][0]))
        audit.record(
            actor=OPERATOR, action="ops.restore", object_type="backup",
            detail={"rows": loaded.total, "audit_head": meta["audit_head"][0],
                    "lost_after_seq": lost},
        )  # fmt: skip
    restored = Restored(loaded.total, int(meta["audit_head"][0]), 0.0, lost_after_seq=lost)
    return _after_restore(restored, started)


def _require_intact_chain() -> None:
    report = verify_links()
    if not report.ok:
        raise RestoreRefused(f"the restored audit chain does not verify: {report.describe()}")


def _checkpoint_beyond(head: int) -> int | None:
    """The restored head when the signed checkpoint reached further: events made after the
    backup are gone with the old database, and the restore event says so in the chain."""
    try:
        checkpoint = read_checkpoint()
    except CheckpointInvalid:
        return head
    return head if checkpoint is not None and checkpoint.seq > head else None


def _after_restore(restored: Restored, started: float) -> Restored:
    if restored.lost_after_seq is not None:
        _reset_checkpoint()
    report = deletion_ledger_reapply()
    restored.reapplied, restored.ledger_problems = report.reapplied, report.problems
    sealed = seal()
    if not sealed.ok:
        raise RestoreRefused(f"audit chain after restore: {sealed.describe()}")
    restored.audit_head = sealed.head_seq
    restored.seconds = time.monotonic() - started
    return restored


def _reset_checkpoint() -> None:
    """The old checkpoint names events that no longer exist; seal() then starts afresh."""
    Path(settings.AUDIT_CHECKPOINT_PATH).unlink(missing_ok=True)
