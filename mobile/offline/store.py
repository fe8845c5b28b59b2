"""The cache as the view-models see it: closed until the PIN opens it, then read/write.

Before the vault is unlocked (or after sign-out) nothing is written to disk at all: the
screens work from memory, which is why signing in asks for a PIN before anything is synced.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mobile.offline.cache import EncryptedCache
from mobile.offline.outbox import Outbox
from mobile.offline.vault import KdfCost, Vault


class Store:
    def __init__(self, folder: Path, cost: KdfCost | None = None) -> None:
        self.folder = folder
        self.vault = Vault(folder, cost)
        self.vault.on_wipe.append(self._erase)
        self.cache: EncryptedCache | None = None
        self.outbox: Outbox | None = None

    @property
    def is_open(self) -> bool:
        return self.cache is not None

    def open(self, data_key: bytes) -> None:
        self.cache = EncryptedCache(self.folder / "cache", data_key)
        self.outbox = Outbox(self.cache)

    def close(self) -> None:
        self.cache = None
        self.outbox = None

    def read(self, name: str, default: Any = None) -> Any:
        return default if self.cache is None else self.cache.get(name, default)

    def write(self, name: str, value: Any) -> None:
        if self.cache is not None:
            self.cache.put(name, value)

    def erase(self) -> None:
        """Sign-out: the vault, the cache and the queued actions go, in that order."""
        self.vault.wipe()

    def _erase(self) -> None:
        EncryptedCache(self.folder / "cache", b"\0" * 32).wipe()
        self.close()
