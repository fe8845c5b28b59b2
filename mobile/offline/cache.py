"""Everything the person has seen, sealed on disk with AES-256-GCM under the vault's key.

Each item is one file. Its name is a keyed hash of the item's name (so the folder does not
say "record-<id>" or which hospitals exist), its content is zlib-compressed JSON sealed with
a fresh nonce and the item's name as associated data (so files cannot be swapped).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import shutil
import zlib
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def _subkey(data_key: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(data_key)


class EncryptedCache:
    def __init__(self, folder: Path, data_key: bytes) -> None:
        self.folder = folder
        self._aead = AESGCM(_subkey(data_key, b"pocketchart-cache-seal"))
        self._names = _subkey(data_key, b"pocketchart-cache-names")

    def _path(self, name: str) -> Path:
        digest = hmac.new(self._names, name.encode(), hashlib.sha256).hexdigest()[:40]
        return self.folder / f"{digest}.bin"

    def put(self, name: str, value: Any) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        nonce = secrets.token_bytes(12)
        plain = zlib.compress(json.dumps(value, ensure_ascii=False).encode())
        sealed = nonce + self._aead.encrypt(nonce, plain, name.encode())
        path = self._path(name)
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(sealed)
        os.replace(temporary, path)  # a crash leaves the old copy, never half a file

    def get(self, name: str, default: Any = None) -> Any:
        try:
            sealed = self._path(name).read_bytes()
            plain = self._aead.decrypt(sealed[:12], sealed[12:], name.encode())
        except (FileNotFoundError, InvalidTag):
            return default
        return json.loads(zlib.decompress(plain))

    def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)

    def wipe(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
