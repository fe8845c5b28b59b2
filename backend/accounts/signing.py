"""Access-token signing keys: ES256, stored in the database, private half sealed.

The private key is sealed (AES-256-GCM, common.crypto.aead) under an HKDF sub-key of a master
key, so a database dump alone cannot mint tokens, and every web process shares the keys
without a shared disk. Verification needs only the public half. Keys are cached per process
for a short while; a token naming a `kid` we do not know makes us look again at once, so a key
added by another process is accepted without waiting.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import SigningKey
from common.crypto import aead
from common.crypto.blind import derive_subkey
from common.crypto.keys import keyring

ALGORITHM = "ES256"
CACHE_SECONDS = 60.0


@dataclass(frozen=True)
class PublicKey:
    kid: str
    key: ec.EllipticCurvePublicKey


@dataclass(frozen=True)
class PrivateKey:
    kid: str
    key: ec.EllipticCurvePrivateKey


def _aad(kid: str) -> bytes:
    return f"accounts_signingkey|{kid}|private_sealed".encode()


def _seal_key(master_key: bytes) -> bytes:
    return derive_subkey(master_key, "jwt-signing")


def signing_key_create() -> SigningKey:
    """Add a new key, which signs from now on. Keys that signed before stay valid for
    verification until every token they signed has expired (plus the cache interval)."""
    private = ec.generate_private_key(ec.SECP256R1())
    pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    kid = hashlib.sha256(pem).hexdigest()[:16]
    der = private.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    master = keyring().current
    now = timezone.now()
    grace = timedelta(seconds=settings.ACCOUNTS_ACCESS_TOKEN_SECONDS + 2 * CACHE_SECONDS)
    with transaction.atomic():
        SigningKey.objects.filter(verify_until__isnull=True).update(verify_until=now + grace)
        key = SigningKey.objects.create(
            kid=kid,
            algorithm=ALGORITHM,
            public_pem=pem.decode(),
            private_sealed=aead.seal(_seal_key(master.key), der, _aad(kid), compress=False),
            master_kid=master.kid,
            created_at=now,
        )
    _cache.clear()
    return key


class _KeyCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded_at = -CACHE_SECONDS
        self._public: dict[str, PublicKey] = {}
        self._private: PrivateKey | None = None

    def clear(self) -> None:
        with self._lock:
            self._loaded_at = -CACHE_SECONDS
            self._public, self._private = {}, None

    def _load(self) -> None:
        now = timezone.now()
        rows = list(SigningKey.objects.all())
        usable = [r for r in rows if r.verify_until is None or r.verify_until > now]
        self._public = {
            r.kid: PublicKey(r.kid, _load_public(r.public_pem))
            for r in usable
            if r.algorithm == ALGORITHM
        }
        current = next((r for r in rows if r.verify_until is None), None)
        self._private = _open_private(current) if current else None
        self._loaded_at = time.monotonic()

    def _fresh(self) -> None:
        if time.monotonic() - self._loaded_at >= CACHE_SECONDS:
            self._load()

    def public(self, kid: str) -> PublicKey | None:
        with self._lock:
            self._fresh()
            if kid not in self._public:
                self._load()  # perhaps rotated by another process a moment ago
            return self._public.get(kid)

    def private(self) -> PrivateKey | None:
        with self._lock:
            self._fresh()
            return self._private


_cache = _KeyCache()


def _load_public(pem: str) -> ec.EllipticCurvePublicKey:
    key = serialization.load_pem_public_key(pem.encode())
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise TypeError("a signing key row does not hold an EC public key")
    return key


def _open_private(row: SigningKey) -> PrivateKey:
    master = keyring().by_kid(row.master_kid)
    der = aead.open_sealed(_seal_key(master.key), bytes(row.private_sealed), _aad(row.kid))
    key = serialization.load_der_private_key(der, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise TypeError("a signing key row does not hold an EC private key")
    return PrivateKey(row.kid, key)


def current_private_key() -> PrivateKey:
    """The key that signs; the first one is made on first use (the embedded default)."""
    key = _cache.private()
    if key is None:
        signing_key_create()
        key = _cache.private()
    if key is None:
        raise RuntimeError("no current signing key after creating one")
    return key


def public_key(kid: str) -> PublicKey | None:
    return _cache.public(kid)


def reset_cache() -> None:
    """For tests and the rotation command: read the keys again on next use."""
    _cache.clear()
