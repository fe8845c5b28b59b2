from __future__ import annotations

import hashlib
import json
import os
import zlib
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from shared.shl._b64 import b64url_decode, b64url_encode
from shared.shl.errors import (
    DecryptionFailed,
    InflatedTooLarge,
    JweError,
    MalformedJwe,
    UnsupportedAlgorithm,
)
from shared.shl.jwe import DEFAULT_MAX_INFLATED, decrypt, encrypt
from shared.shl.payload import new_key
from tests.shared.shl.vectors import SPEC_KEY, load_json

FHIR = "application/fhir+json"
BUNDLE = json.dumps({"resourceType": "Bundle", "entry": [{"x": "y" * 50}] * 40}).encode()


def _seal(header: dict[str, Any], plaintext: bytes, key: str, *, wrapped_key: str = "") -> str:
    """Build a correctly authenticated token with any header, so the checks under test are
    the header checks and not the tag."""
    protected = b64url_encode(json.dumps(header).encode())
    iv = os.urandom(12)
    sealed = AESGCM(b64url_decode(key)).encrypt(iv, plaintext, protected.encode())
    encoded = [b64url_encode(p) for p in (iv, sealed[:-16], sealed[-16:])]
    return ".".join([protected, wrapped_key, *encoded])


def _header(token: str) -> dict[str, Any]:
    header: dict[str, Any] = json.loads(b64url_decode(token.split(".")[0]))
    return header


def test_spec_decryption_vector_decrypts_byte_for_byte(spec_dir: Path) -> None:
    vector = load_json(spec_dir, "spec-test-vectors.json")["decryption"]
    expected = (spec_dir / "spec-decrypt-vector.plaintext.smart-health-card").read_bytes()
    cty, plaintext = decrypt(vector["fileEncrypted"], vector["key"])
    assert cty == "application/smart-health-card"
    assert plaintext == expected
    assert hashlib.sha256(plaintext).hexdigest() == vector["plaintext_sha256"]


def test_spec_encrypted_ips_decrypts_byte_for_byte_to_its_plaintext(spec_dir: Path) -> None:
    key = load_json(spec_dir, "IPS_IG-bundle-01-shl-details.json")["shlinkJsonPayload"]["key"]
    token = (spec_dir / "IPS_IG-bundle-01-enc.txt").read_text()
    cty, plaintext = decrypt(token, key)
    assert cty is None  # this sender left `cty` out; callers use the manifest's contentType
    assert plaintext == (spec_dir / "IPS_IG-bundle-01.json").read_bytes()


@pytest.mark.parametrize("compress", [False, True])
def test_encrypted_file_round_trips(compress: bool) -> None:
    key = new_key()
    token = encrypt(BUNDLE, key, content_type=FHIR, compress=compress)
    assert decrypt(token, key) == (FHIR, BUNDLE)


def test_header_names_dir_a256gcm_and_the_content_type_and_zip_only_when_compressed() -> None:
    key = new_key()
    assert _header(encrypt(BUNDLE, key, content_type=FHIR)) == {
        "alg": "dir",
        "enc": "A256GCM",
        "cty": FHIR,
    }
    compressed = encrypt(BUNDLE, key, content_type=FHIR, compress=True)
    assert _header(compressed)["zip"] == "DEF"
    assert len(compressed) < len(encrypt(BUNDLE, key, content_type=FHIR))


def test_compression_is_raw_deflate_without_zlib_header() -> None:
    key = new_key()
    protected, _, iv, ciphertext, tag = encrypt(
        BUNDLE, key, content_type=FHIR, compress=True
    ).split(".")
    sealed = b64url_decode(ciphertext) + b64url_decode(tag)
    inner = AESGCM(b64url_decode(key)).decrypt(b64url_decode(iv), sealed, protected.encode())
    assert zlib.decompress(inner, wbits=-15) == BUNDLE


def test_every_encryption_uses_a_fresh_96_bit_iv() -> None:
    key = new_key()
    ivs = {encrypt(BUNDLE, key, content_type=FHIR).split(".")[2] for _ in range(20)}
    assert len(ivs) == 20
    assert all(len(b64url_decode(iv)) == 12 for iv in ivs)


def test_wrong_key_raises_decryption_failed() -> None:
    token = encrypt(BUNDLE, new_key(), content_type=FHIR)
    with pytest.raises(DecryptionFailed, match="key is wrong or the file was altered"):
        decrypt(token, new_key())


def test_flipped_ciphertext_bit_raises_decryption_failed() -> None:
    key = new_key()
    parts = encrypt(BUNDLE, key, content_type=FHIR).split(".")
    ciphertext = bytearray(b64url_decode(parts[3]))
    ciphertext[len(ciphertext) // 2] ^= 0x01
    parts[3] = b64url_encode(bytes(ciphertext))
    with pytest.raises(DecryptionFailed):
        decrypt(".".join(parts), key)


def test_edited_header_fails_authentication_because_it_is_the_aad() -> None:
    key = new_key()
    parts = encrypt(BUNDLE, key, content_type=FHIR).split(".")
    header = {"alg": "dir", "enc": "A256GCM", "cty": "application/smart-api-access"}
    parts[0] = b64url_encode(json.dumps(header).encode())
    with pytest.raises(DecryptionFailed):
        decrypt(".".join(parts), key)


@pytest.mark.parametrize(
    "header",
    [
        {"alg": "A256KW", "enc": "A256GCM"},
        {"alg": "none", "enc": "A256GCM"},
        {"alg": "dir", "enc": "A128GCM"},
        {"alg": "dir", "enc": "A256CBC-HS512"},
        {"enc": "A256GCM"},
        {"alg": "dir", "enc": "A256GCM", "zip": "GZIP"},
        {"alg": "dir", "enc": "A256GCM", "crit": ["exp"], "exp": 1},
    ],
)
def test_anything_but_dir_a256gcm_with_optional_def_is_refused(header: dict[str, Any]) -> None:
    key = new_key()
    with pytest.raises(UnsupportedAlgorithm):
        decrypt(_seal(header, BUNDLE, key), key)


def test_a_wrapped_key_is_refused_for_dir() -> None:
    key = new_key()
    token = _seal({"alg": "dir", "enc": "A256GCM"}, BUNDLE, key, wrapped_key="AAAA")
    with pytest.raises(MalformedJwe, match="wrapped key"):
        decrypt(token, key)


@pytest.mark.parametrize(
    "damage",
    [
        lambda t: t.rsplit(".", 1)[0],  # tag removed: four parts
        lambda t: t[: len(t) // 2],  # cut inside the ciphertext
        lambda t: t[:-4],  # tag shortened
        lambda t: t + ".extra",
        lambda t: ".".join(
            [*t.split(".")[:3], "*" + t.split(".")[3], t.split(".")[4]]
        ),  # bad base64url
        lambda t: "eyJub3QiOiJqc29u." + t.split(".", 1)[1],  # header is not JSON
        lambda t: b64url_encode(b'"text"') + "." + t.split(".", 1)[1],  # header not an object
        lambda t: "",
    ],
)
def test_malformed_tokens_raise_malformed_jwe(damage: Any) -> None:
    key = new_key()
    with pytest.raises(MalformedJwe):
        decrypt(damage(encrypt(BUNDLE, key, content_type=FHIR)), key)


def test_zip_bomb_over_the_default_cap_raises_inflated_too_large() -> None:
    key = new_key()
    bomb = encrypt(bytes(DEFAULT_MAX_INFLATED + 1), key, content_type=FHIR, compress=True)
    assert len(bomb) < 200_000  # tiny on the wire, 32 MiB once inflated
    with pytest.raises(InflatedTooLarge, match="more than 33,554,432 bytes"):
        decrypt(bomb, key)


def test_file_exactly_at_the_cap_is_accepted_and_one_byte_more_refused() -> None:
    key = new_key()
    at_cap = encrypt(b"a" * 1000, key, content_type=FHIR, compress=True)
    assert decrypt(at_cap, key, max_inflated=1000)[1] == b"a" * 1000
    with pytest.raises(InflatedTooLarge):
        decrypt(at_cap, key, max_inflated=999)


def test_uncompressed_plaintext_over_the_cap_is_refused() -> None:
    key = new_key()
    with pytest.raises(InflatedTooLarge):
        decrypt(encrypt(b"a" * 1000, key, content_type=FHIR), key, max_inflated=999)


@pytest.mark.parametrize(
    "deflated",
    [b"\xff\xfe not deflate", zlib.compressobj(wbits=-15).compress(BUNDLE)],  # corrupt, truncated
)
def test_corrupt_or_truncated_deflate_raises_malformed_jwe(deflated: bytes) -> None:
    key = new_key()
    token = _seal({"alg": "dir", "enc": "A256GCM", "zip": "DEF"}, deflated, key)
    with pytest.raises(MalformedJwe, match="compressed content"):
        decrypt(token, key)


@pytest.mark.parametrize("key", ["", "short", SPEC_KEY + "AAAA", "*" * 43])
def test_a_key_that_is_not_32_base64url_bytes_is_refused(key: str) -> None:
    token = encrypt(BUNDLE, SPEC_KEY, content_type=FHIR)
    with pytest.raises(JweError, match="32 bytes"):
        decrypt(token, key)
    with pytest.raises(JweError, match="32 bytes"):
        encrypt(BUNDLE, key, content_type=FHIR)
