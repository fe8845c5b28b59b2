"""Verification of the audit chain: names the first broken link, and a removed tail."""

from __future__ import annotations

from dataclasses import dataclass

from audit.chain import CHAINED_FIELDS, link_hash
from audit.checkpoint import CheckpointInvalid, read_checkpoint, write_checkpoint
from audit.models import AuditEvent
from audit.segments import SegmentInvalid, purged_anchor


@dataclass(frozen=True)
class Report:
    ok: bool
    checked: int
    head_seq: int
    problem: str = ""
    first_bad_seq: int | None = None

    def describe(self) -> str:
        if self.ok:
            return f"audit chain intact: {self.checked} events checked, head #{self.head_seq}"
        return f"audit chain BROKEN at #{self.first_bad_seq}: {self.problem}"


def _start(from_seq: int) -> tuple[int, str]:
    """Where the walk begins: genesis, or the anchor of the newest purged segment."""
    if from_seq <= 1:
        return purged_anchor()
    row = AuditEvent.objects.filter(seq=from_seq - 1).values_list("seq", "hash").first()
    return row if row else purged_anchor()


def _walk(from_seq: int, batch: int) -> Report:
    try:
        expected_seq, prev = _start(from_seq)
    except SegmentInvalid as error:
        return Report(False, 0, 0, str(error), None)
    checked = 0
    fields = (*CHAINED_FIELDS, "prev_hash", "hash")
    while True:
        rows = list(
            AuditEvent.objects.filter(seq__gt=expected_seq).order_by("seq").values(*fields)[:batch]
        )
        for row in rows:
            expected_seq += 1
            if row["seq"] != expected_seq:
                return Report(
                    False,
                    checked,
                    row["seq"],
                    f"event #{expected_seq} is missing (next is #{row['seq']})",
                    expected_seq,
                )
            if row["prev_hash"] != prev:
                return Report(
                    False, checked, row["seq"], "does not link to the event before it", row["seq"]
                )
            if link_hash(prev, row) != row["hash"]:
                return Report(
                    False,
                    checked,
                    row["seq"],
                    "content does not match its hash (edited)",
                    row["seq"],
                )
            prev = row["hash"]
            checked += 1
        if len(rows) < batch:
            return Report(True, checked, expected_seq)


def verify_links(*, from_seq: int = 1, batch: int = 5000) -> Report:
    """The rows' links and hashes only, without the checkpoint (a restore checks this
    before it re-seals the checkpoint at the restored head)."""
    return _walk(from_seq, batch)


def verify_chain(*, from_seq: int = 1, batch: int = 5000) -> Report:
    report = _walk(from_seq, batch)
    if not report.ok:
        return report
    try:
        checkpoint = read_checkpoint()
    except CheckpointInvalid as error:
        return Report(False, report.checked, report.head_seq, str(error), None)
    if checkpoint is None or checkpoint.seq == 0:
        return report
    if report.head_seq < checkpoint.seq:
        return Report(
            False,
            report.checked,
            report.head_seq,
            f"events after #{report.head_seq} were removed (checkpoint reaches #{checkpoint.seq})",
            report.head_seq + 1,
        )
    digest = AuditEvent.objects.filter(seq=checkpoint.seq).values_list("hash", flat=True).first()
    if digest != checkpoint.hash:
        return Report(
            False,
            report.checked,
            report.head_seq,
            "the chain was rewritten up to the checkpoint",
            checkpoint.seq,
        )
    return report


def seal() -> Report:
    """Verify what was added since the last checkpoint, then move the checkpoint to the head."""
    try:
        checkpoint = read_checkpoint()
    except CheckpointInvalid as error:
        return Report(False, 0, 0, str(error))
    report = verify_chain(from_seq=checkpoint.seq + 1 if checkpoint else 1)
    if report.ok and report.head_seq > 0:
        digest = AuditEvent.objects.get(seq=report.head_seq).hash
        write_checkpoint(report.head_seq, digest)
    return report
