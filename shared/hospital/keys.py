"""The hospital's key pair and its public JWKS."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

ALGORITHMS = ("ES384", "RS384")


@dataclass(frozen=True)
class HospitalKeys:
    private_pem: bytes
    kid: str
    alg: str

    @classmethod
    def generate(cls, alg: str = "ES384") -> HospitalKeys:
        if alg == "ES384":
            key: Any = ec.generate_private_key(ec.SECP384R1())
        elif alg == "RS384":
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        else:
            raise ValueError(f"alg must be one of {ALGORITHMS}")
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return cls(pem, secrets.token_hex(8), alg)

    def public_jwk(self) -> dict[str, Any]:
        private = serialization.load_pem_private_key(self.private_pem, password=None)
        algorithm = jwt.get_algorithm_by_name(self.alg)
        jwk = json.loads(algorithm.to_jwk(private.public_key()))
        return {**jwk, "kid": self.kid, "alg": self.alg, "use": "sig", "key_ops": ["verify"]}

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.public_jwk()]}

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        private = folder / "private.pem"
        fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(self.private_pem)
        (folder / "key.json").write_text(json.dumps({"kid": self.kid, "alg": self.alg}))
        (folder / "jwks.json").write_text(json.dumps(self.jwks(), indent=2))

    @classmethod
    def load(cls, folder: Path) -> HospitalKeys:
        meta = json.loads((folder / "key.json").read_text())
        return cls((folder / "private.pem").read_bytes(), meta["kid"], meta["alg"])
