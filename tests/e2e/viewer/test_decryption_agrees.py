"""The viewer's JavaScript (jwe.js, link.js) against shared.shl and the SHL spec vectors,
run in Chromium's WebCrypto: both implementations must read the same links and files the
same way, and refuse the same damaged ones."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from shared.shl import InvalidLink, decode, encrypt
from shared.shl import decrypt as py_decrypt
from shared.shl._b64 import b64url_decode, b64url_encode
from tests.e2e.viewer.conftest import ViewerPage
from viewer.assets import assets

pytestmark = pytest.mark.django_db
VECTORS = Path(__file__).resolve().parents[2] / "fixtures" / "shl"
KEY = "rxTgYlOaKJPFtcEd0qcceN8wEU4p94SqAwIWQe6uX7Q"
SPEC_LINK = json.loads((VECTORS / "spec-test-vectors.json").read_text())["link_generation"]

DECRYPT = """
const [module, token, key, limit, done] = arguments;
import(module).then(async ({ decryptJwe }) => {
  const { cty, bytes } = await decryptJwe(token, key, limit ? { maxInflated: limit } : {});
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  done({ cty, sha256: [...digest].map((b) => b.toString(16).padStart(2, "0")).join("") });
}).catch((error) => done({ error: error.code || String(error) }));
"""
DECODE = """
const [module, encoded, done] = arguments;
import(module).then(({ decodePayload, linkFromFragment }) => {
  done(decodePayload(linkFromFragment(encoded)));
}).catch((error) => done({ error: error.code || String(error) }));
"""


@pytest.fixture
def page(live_server: Any, viewer: ViewerPage) -> ViewerPage:
    return viewer.open(f"{live_server.url}/viewer/")  # a secure context (localhost)


def module(live_server: Any, name: str) -> str:
    return f"{live_server.url}/viewer/assets/{assets().digest}/{name}"


def js_decrypt(page: ViewerPage, live_server: Any, token: str, key: str, limit: int = 0) -> Any:
    return page.driver.execute_async_script(
        DECRYPT, module(live_server, "jwe.js"), token, key, limit
    )


def test_the_spec_decryption_vector(page: ViewerPage, live_server: Any) -> None:
    vector = json.loads((VECTORS / "spec-test-vectors.json").read_text())["decryption"]
    result = js_decrypt(page, live_server, vector["fileEncrypted"], vector["key"])
    assert result == {
        "cty": vector["expected_protectedHeader_cty"],
        "sha256": vector["plaintext_sha256"],
    }


def test_the_spec_ips_file_without_cty(page: ViewerPage, live_server: Any) -> None:
    token = (VECTORS / "IPS_IG-bundle-01-enc.txt").read_text()
    key = json.loads((VECTORS / "IPS_IG-bundle-01-shl-details.json").read_text())
    _cty, plain = py_decrypt(token, key["shlinkJsonPayload"]["key"])
    result = js_decrypt(page, live_server, token, key["shlinkJsonPayload"]["key"])
    assert result == {"cty": None, "sha256": hashlib.sha256(plain).hexdigest()}


def test_our_compressed_files(page: ViewerPage, live_server: Any) -> None:
    data = (VECTORS / "IPS_IG-bundle-01.json").read_bytes()
    token = encrypt(data, KEY, content_type="application/fhir+json", compress=True)
    result = js_decrypt(page, live_server, token, KEY)
    assert result == {"cty": "application/fhir+json", "sha256": hashlib.sha256(data).hexdigest()}


def test_an_altered_file_or_a_wrong_key_is_refused(page: ViewerPage, live_server: Any) -> None:
    token = encrypt(b'{"resourceType":"Bundle"}', KEY, content_type="application/fhir+json")
    parts = token.split(".")
    flipped = bytearray(b64url_decode(parts[3]))
    flipped[0] ^= 1
    altered = ".".join([*parts[:3], b64url_encode(bytes(flipped)), parts[4]])
    other_key = b64url_encode(bytes(32))
    header = json.loads(b64url_decode(parts[0])) | {"enc": "A128GCM"}
    other_enc = ".".join([b64url_encode(json.dumps(header).encode()), *parts[1:]])
    assert js_decrypt(page, live_server, altered, KEY) == {"error": "decrypt"}
    assert js_decrypt(page, live_server, token, other_key) == {"error": "decrypt"}
    assert js_decrypt(page, live_server, other_enc, KEY) == {"error": "decrypt"}


def test_a_deflate_bomb_stops_at_the_cap(page: ViewerPage, live_server: Any) -> None:
    bomb = encrypt(b"\0" * (8 * 1024 * 1024), KEY, content_type="x", compress=True)
    assert len(bomb) < 64 * 1024
    assert js_decrypt(page, live_server, bomb, KEY, 1024 * 1024) == {"error": "too_large"}


def link_of(obj: dict[str, Any]) -> str:
    return "#shlink:/" + b64url_encode(json.dumps(obj).encode())


@pytest.mark.parametrize(
    "fragment",
    [
        "#" + SPEC_LINK["shlinkBare"],
        link_of(json.loads((VECTORS / "shl-payload-1.json").read_text())),  # exp in ms, as text
        link_of(json.loads((VECTORS / "shl-payload-2.json").read_text())),
        link_of({"url": "https://a.example/m", "key": KEY, "flag": "PLX", "label": "日本"}),
    ],
)
def test_links_read_the_same_in_both(page: ViewerPage, live_server: Any, fragment: str) -> None:
    ours = page.driver.execute_async_script(DECODE, module(live_server, "link.js"), fragment)
    theirs = decode(fragment)
    assert ours == {
        "url": theirs.url,
        "key": theirs.key,
        "exp": theirs.exp,
        "flag": theirs.flag,
        "label": theirs.label,
    }


@pytest.mark.parametrize(
    "payload",
    [
        {"url": "https://a.example/m", "key": KEY, "flag": "PU"},  # U never with P
        {"url": "https://a.example/m", "key": KEY[:-1] + "R"},  # non-canonical last char
        {"url": "https://a.example/m", "key": KEY[:40]},
        {"url": "https://a.example/" + "m" * 120, "key": KEY},  # over 128 characters
        {"url": "https://a.example/m", "key": KEY, "label": "x" * 81},
        {"url": "https://a.example/m", "key": KEY, "v": 2},
        {"key": KEY},
    ],
)
def test_bad_links_are_refused_by_both(
    page: ViewerPage, live_server: Any, payload: dict[str, Any]
) -> None:
    fragment = link_of(payload)
    with pytest.raises(InvalidLink):
        decode(fragment)
    ours = page.driver.execute_async_script(DECODE, module(live_server, "link.js"), fragment)
    assert ours == {"error": "bad_link"}
