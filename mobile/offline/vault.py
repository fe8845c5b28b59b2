"""The key that opens the cache, kept wrapped under a key derived from the person's PIN.

Desktop design (docs/decisions.md, "Phone app"): a random 256-bit data key encrypts the cache;
it is stored only wrapped (AES-GCM) under a key-encryption key derived from the PIN with
Scrypt (memory-hard: each guess costs 32 MiB and ~0.1 s). After `ATTEMPTS` wrong PINs in a
row the vault and the cache are erased, so a stolen laptop gives a guesser five tries, not
an offline dictionary run through the app. (Someone who copies the files first can still
guess offline at Scrypt's cost: that is why the PIN is at least six digits and the Android
build keeps the wrapping key in the hardware keystore instead.)
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

ATTEMPTS = 5
MIN_PIN = 6
WRAP_AAD = b"pocketchart-vault-v1"


@dataclass(frozen=True)
class KdfCost:
    n: int = 2**15  # 32 MiB with r=8
    r: int = 8
    p: int = 1


class WrongPin(Exception):
    def __init__(self, attempts_left: int) -> None:
        self.attempts_left = attempts_left
        super().__init__(f"{attempts_left} attempts left")


class VaultWiped(Exception):
    """Too many wrong PINs: the cache and the saved session are gone."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


class Vault:
    def __init__(self, folder: Path, cost: KdfCost | None = None) -> None:
        self.folder = folder
        self.file = folder / "vault.json"
        self.cost = cost or KdfCost()
        self.on_wipe: list[object] = []  # callables run when the vault erases itself

    @property
    def exists(self) -> bool:
        return self.file.exists()

    def create(self, pin: str) -> bytes:
        """A new data key, wrapped under `pin`; returned for immediate use."""
        if len(pin) < MIN_PIN or not pin.isdigit():
            raise ValueError("pin")
        data_key = AESGCM.generate_key(bit_length=256)
        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        wrapped = AESGCM(self._kek(pin, salt, self.cost)).encrypt(nonce, data_key, WRAP_AAD)
        state = {
            "v": 1,
            "kdf": {"salt": _b64(salt), "n": self.cost.n, "r": self.cost.r, "p": self.cost.p},
            "wrapped": _b64(nonce + wrapped),
            "failures": 0,
        }
        self._write(state)
        return data_key

    def unlock(self, pin: str) -> bytes:
        state = json.loads(self.file.read_text())
        kdf = state["kdf"]
        cost = KdfCost(kdf["n"], kdf["r"], kdf["p"])
        blob = base64.b64decode(state["wrapped"])
        try:
            kek = self._kek(pin, base64.b64decode(kdf["salt"]), cost)
            data_key = AESGCM(kek).decrypt(blob[:12], blob[12:], WRAP_AAD)
        except InvalidTag:
            return self._failed(state)
        if state["failures"]:
            state["failures"] = 0
            self._write(state)
        return data_key

    def _failed(self, state: dict[str, object]) -> bytes:
        failures = int(str(state["failures"])) + 1
        if failures >= ATTEMPTS:
            self.wipe()
            raise VaultWiped()
        state["failures"] = failures
        self._write(state)
        raise WrongPin(ATTEMPTS - failures)

    def attempts_left(self) -> int:
        if not self.exists:
            return ATTEMPTS
        return ATTEMPTS - int(json.loads(self.file.read_text())["failures"])

    def wipe(self) -> None:
        self.file.unlink(missing_ok=True)
        for hook in self.on_wipe:
            hook()  # type: ignore[operator]

    @staticmethod
    def _kek(pin: str, salt: bytes, cost: KdfCost) -> bytes:
        return Scrypt(salt=salt, length=32, n=cost.n, r=cost.r, p=cost.p).derive(pin.encode())

    def _write(self, state: dict[str, object]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_suffix(".tmp")
        temporary.write_text(json.dumps(state))
        os.replace(temporary, self.file)
