"""A signed checkpoint of the chain's head, kept outside the audit table.

The chain alone cannot show that its last rows were deleted: the shortened chain is still
valid. The checkpoint records (seq, hash) of the head as last verified, signed with a key
derived from the master key, in a file the database role cannot reach (point
AUDIT_CHECKPOINT_PATH at separate storage in production). Verification then checks that the
table still reaches that row with that hash.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

from common.crypto.blind import derive_subkey
from common.crypto.keys import keyring


class CheckpointInvalid(Exception):
    """The checkpoint file exists but its signature does not verify."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    sealed_at: str


def _body(seq: int, digest: str, sealed_at: str) -> bytes:
    return json.dumps(
        {"seq": seq, "hash": digest, "sealed_at": sealed_at}, sort_keys=True, separators=(",", ":")
    ).encode()


def _mac(key: bytes, body: bytes) -> str:
    return hmac.new(derive_subkey(key, "audit-checkpoint"), body, hashlib.sha256).hexdigest()


def _path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_PATH)


def write_checkpoint(seq: int, digest: str) -> Checkpoint:
    sealed_at = datetime.now(UTC).isoformat()
    body = _body(seq, digest, sealed_at)
    document = {
        "seq": seq,
        "hash": digest,
        "sealed_at": sealed_at,
        "mac": _mac(keyring().current.key, body),
    }
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(document), encoding="utf-8")
    os.replace(temporary, path)  # atomic: a crash never leaves half a checkpoint
    return Checkpoint(seq, digest, sealed_at)


def read_checkpoint() -> Checkpoint | None:
    path = _path()
    if not path.exists():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        seq, digest, sealed_at, mac = (
            document["seq"],
            document["hash"],
            document["sealed_at"],
            document["mac"],
        )
    except (ValueError, KeyError, TypeError):
        raise CheckpointInvalid("the checkpoint file is not readable") from None
    body = _body(int(seq), str(digest), str(sealed_at))
    # Any key of the keyring may have signed it: checkpoints survive master key rotation.
    if not any(hmac.compare_digest(_mac(k.key, body), str(mac)) for k in keyring().keys):
        raise CheckpointInvalid("the checkpoint signature does not verify")
    return Checkpoint(int(seq), str(digest), str(sealed_at))
