"""The deletion ledger: an append-only file of deleted account ids, apart from the database.

A restore from a backup made before a deletion would bring the account's rows (and its
wrapped data key) back; `deletion_ledger_reapply` reads this file after a restore and
deletes them again. So the file must not live in the database, nor in its backups: it is
under DATA_DIR by default and DELETION_LEDGER_PATH moves it (docs/operations.md).

One JSON object per line: seq, account, deleted_at, kid, prev, mac. `mac` is HMAC-SHA256,
under a key derived (HKDF) from the master key named by `kid`, of the other fields; `prev`
is the previous line's mac, so a line removed or edited in the middle breaks the chain.
Whoever can write the file still cannot forge a line without the master key: a forged line
would otherwise let them delete any account at the next restore.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import BinaryIO

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured

from common.crypto.keys import keyring
from exports.paths import ledger_path

GENESIS = "0" * 64
TAIL_BYTES = 4096  # more than one line: the last line is found in the file's last 4 KiB


@dataclass(frozen=True)
class LedgerLine:
    seq: int
    account: str
    deleted_at: str
    kid: str
    prev: str
    mac: str = ""

    def signed_fields(self) -> bytes:
        fields = {k: v for k, v in asdict(self).items() if k != "mac"}
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


@dataclass(frozen=True)
class LedgerRead:
    lines: list[LedgerLine]  # every genuine line (its mac verifies), to be applied
    problems: list[str]  # "line 7: ...": forged lines are not applied; a broken chain is
    # reported (a line was removed) while the genuine lines around the gap still apply


def _key(kid: str | None = None) -> tuple[str, bytes]:
    ring = keyring()
    master = ring.by_kid(kid) if kid else ring.current
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"pocketchart:deletion-ledger"
    ).derive(master.key)
    return master.kid, derived


def _mac(line: LedgerLine, key: bytes) -> str:
    return hmac.new(key, line.signed_fields(), hashlib.sha256).hexdigest()


def _last(handle: BinaryIO) -> LedgerLine | None:
    size = handle.seek(0, os.SEEK_END)
    handle.seek(max(0, size - TAIL_BYTES))
    lines = [line for line in handle.read().splitlines() if line.strip()]
    return LedgerLine(**json.loads(lines[-1])) if lines else None


def ledger_append(*, account_id: str, deleted_at: datetime) -> LedgerLine:
    """Append one signed line, durably (fsync) and under an exclusive lock."""
    path = ledger_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "r+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
        last = _last(handle)
        kid, key = _key()
        line = LedgerLine(
            seq=last.seq + 1 if last else 1,
            account=account_id,
            deleted_at=deleted_at.isoformat(),
            kid=kid,
            prev=last.mac if last else GENESIS,
        )
        line = LedgerLine(**{**asdict(line), "mac": _mac(line, key)})
        handle.write(json.dumps(asdict(line), sort_keys=True).encode() + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
    return line


def ledger_read() -> LedgerRead:
    """Every line, checked: its mac, its place in the chain and its sequence number."""
    path = ledger_path()
    if not path.exists():
        return LedgerRead([], [])
    good: list[LedgerLine] = []
    problems: list[str] = []
    prev, expected = GENESIS, 1
    for number, raw in enumerate(path.read_bytes().splitlines(), start=1):
        if not raw.strip():
            continue
        problem, line = _verified(raw)
        if line is None:
            problems.append(f"line {number}: {problem}")
            continue
        if line.prev != prev or line.seq != expected:
            problems.append(f"line {number}: out of chain (a line before it was removed)")
        prev, expected = line.mac, line.seq + 1
        good.append(line)
    return LedgerRead(good, problems)


def _verified(raw: bytes) -> tuple[str, LedgerLine | None]:
    try:
        line = LedgerLine(**json.loads(raw))
    except (ValueError, TypeError):
        return "not a ledger line", None
    try:
        _, key = _key(line.kid)
    except ImproperlyConfigured:
        return f"signed with master key {line.kid}, which is not in the keyring", None
    if not hmac.compare_digest(_mac(line, key), line.mac):
        return "signature does not match (edited or forged)", None
    return "", line
