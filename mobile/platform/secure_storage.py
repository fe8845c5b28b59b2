"""Where the session's refresh token lives between launches.

Desktop (and, until the keystore variant is built, Android): inside the sealed cache, so it
is as safe as the PIN-derived key and disappears with it after too many wrong PINs.
"""

from __future__ import annotations

from typing import Protocol

from mobile.offline.store import Store

SECRETS = "secrets"


class SecretStore(Protocol):
    def load(self, name: str) -> str | None: ...

    def save(self, name: str, value: str | None) -> None: ...


class SealedSecretStore:
    """Secrets in the encrypted cache; nothing is kept before the PIN opened it."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def load(self, name: str) -> str | None:
        value = self.store.read(SECRETS, {}).get(name)
        return str(value) if value is not None else None

    def save(self, name: str, value: str | None) -> None:
        secrets = dict(self.store.read(SECRETS, {}))
        if value is None:
            secrets.pop(name, None)
        else:
            secrets[name] = value
        self.store.write(SECRETS, secrets)


class MemorySecretStore:
    """The fake for tests: a dict."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def load(self, name: str) -> str | None:
        return self.values.get(name)

    def save(self, name: str, value: str | None) -> None:
        if value is None:
            self.values.pop(name, None)
        else:
            self.values[name] = value
