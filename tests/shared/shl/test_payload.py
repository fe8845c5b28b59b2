from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from shared.shl._b64 import b64url_decode, b64url_encode
from shared.shl.errors import InvalidLink, UnsupportedVersion
from shared.shl.payload import ShlPayload, decode, from_json, new_key, new_manifest_id
from tests.shared.shl.vectors import REPO_FIXTURES, SHARED_FIXTURES, SPEC_KEY, load_json

URL = "https://shl.example.org/m/" + "A" * 43


def _link_for(obj: object) -> str:
    return "shlink:/" + b64url_encode(json.dumps(obj).encode())


def test_repository_copies_match_the_shared_originals() -> None:
    if not SHARED_FIXTURES.is_dir():
        pytest.skip("shared fixtures folder is absent")
    copies = sorted(p for p in REPO_FIXTURES.iterdir() if p.name != "SOURCES.md")
    assert len(copies) >= 8
    for copy in copies:
        original = (SHARED_FIXTURES / copy.name).read_bytes()
        assert hashlib.sha256(copy.read_bytes()).digest() == hashlib.sha256(original).digest()


def test_spec_payload_encodes_byte_for_byte_to_the_spec_link(spec_dir: Path) -> None:
    vector = load_json(spec_dir, "spec-test-vectors.json")["link_generation"]
    payload = ShlPayload(**vector["shlinkJsonPayload"])
    assert payload.encode() == vector["shlinkBare"]
    assert payload.encode() == "shlink:/" + vector["encodedPayload"]


def test_spec_payload_behind_a_viewer_url_matches_the_spec(spec_dir: Path) -> None:
    vector = load_json(spec_dir, "spec-test-vectors.json")["link_generation"]
    payload = ShlPayload(**vector["shlinkJsonPayload"])
    assert payload.encode("https://viewer.example.org") == vector["shlink"]
    assert payload.encode("https://viewer.example.org#") == vector["shlink"]


@pytest.mark.parametrize("form", ["shlinkBare", "shlink"])
def test_spec_links_decode_to_their_json_payload(spec_dir: Path, form: str) -> None:
    vector = load_json(spec_dir, "spec-test-vectors.json")["link_generation"]
    assert decode(vector[form]) == ShlPayload(**vector["shlinkJsonPayload"])


@pytest.mark.parametrize(
    "name",
    [
        "IPS_IG-bundle-01-shl-details.json",
        "120day_raw_obs_unguessable_shl_id0000000000.details.json",
    ],
)
def test_spec_example_links_decode_in_both_forms(spec_dir: Path, name: str) -> None:
    details = load_json(spec_dir, name)
    expected = ShlPayload(**details["shlinkJsonPayload"])
    assert decode(details["shlink"]) == expected
    assert decode(details["shlinkBare"]) == expected
    assert expected.flag == "LU"


def test_viewer_link_file_with_trailing_newline_decodes(spec_dir: Path) -> None:
    payload = decode((spec_dir / "IPS_IG-bundle-01-shl.txt").read_text())
    assert payload.key == SPEC_KEY
    assert payload.label == "Demo SHL for IPS_IG-bundle-01"


def test_unknown_properties_are_ignored_and_millisecond_exp_is_read_as_seconds(
    spec_dir: Path,
) -> None:
    payload = from_json(load_json(spec_dir, "shl-payload-1.json"))
    assert payload.label is None  # "labelzzz" is not "label"
    assert payload.exp == 1767225600
    assert payload.expires_at == datetime(2026, 1, 1, tzinfo=UTC)


def test_unknown_flags_are_ignored_and_known_ones_kept_in_alphabetical_order() -> None:
    payload = decode(_link_for({"url": URL, "key": SPEC_KEY, "flag": "UXL", "future": 1}))
    assert payload.flag == "LU"
    assert "future" not in payload.to_json()


def test_flags_given_out_of_order_are_stored_alphabetically() -> None:
    assert ShlPayload(URL, SPEC_KEY, flag="PL").flag == "LP"
    assert ShlPayload(URL, SPEC_KEY, flag="LL").flag == "L"


def test_creating_a_payload_with_an_unknown_flag_is_refused() -> None:
    with pytest.raises(InvalidLink, match="Unknown flag"):
        ShlPayload(URL, SPEC_KEY, flag="LX")


@pytest.mark.parametrize("flag", ["PU", "UP", "LPU"])
def test_u_flag_with_p_flag_is_refused(flag: str) -> None:
    with pytest.raises(InvalidLink, match="cannot combine the U"):
        ShlPayload(URL, SPEC_KEY, flag=flag)
    with pytest.raises(InvalidLink, match="cannot combine the U"):
        decode(_link_for({"url": URL, "key": SPEC_KEY, "flag": flag}))


def test_label_of_80_characters_is_accepted_and_81_refused() -> None:
    assert ShlPayload(URL, SPEC_KEY, label="a" * 80).label == "a" * 80
    with pytest.raises(InvalidLink, match="label is 81 characters"):
        ShlPayload(URL, SPEC_KEY, label="a" * 81)
    with pytest.raises(InvalidLink, match="at most 80"):
        decode(_link_for({"url": URL, "key": SPEC_KEY, "label": "b" * 120}))


def test_url_of_128_characters_is_accepted_and_129_refused() -> None:
    url = "https://e.org/" + "x" * (128 - len("https://e.org/"))
    assert ShlPayload(url, SPEC_KEY).url == url
    with pytest.raises(InvalidLink, match="at most 128"):
        ShlPayload(url + "x", SPEC_KEY)


@pytest.mark.parametrize("obj", [{"key": SPEC_KEY}, {"url": "", "key": SPEC_KEY}, {"url": 7}])
def test_missing_url_is_refused(obj: dict[str, object]) -> None:
    with pytest.raises(InvalidLink, match="no manifest 'url'"):
        decode(_link_for(obj))


@pytest.mark.parametrize(
    "key",
    [
        SPEC_KEY[:-1],  # 42 characters
        SPEC_KEY + "A",  # 44 characters
        SPEC_KEY[:-1] + "+",  # standard base64, not base64url
        SPEC_KEY[:-1] + "=",  # padding
        SPEC_KEY[:-1] + "R",  # same bytes as "Q", but non-canonical trailing bits
        None,
    ],
)
def test_key_must_be_43_base64url_characters_decoding_to_32_bytes(key: object) -> None:
    with pytest.raises(InvalidLink, match="43 base64url characters"):
        decode(_link_for({"url": URL, "key": key}))


def test_newer_protocol_version_is_refused_with_a_clear_error() -> None:
    with pytest.raises(UnsupportedVersion, match="version 2; only version 1"):
        decode(_link_for({"url": URL, "key": SPEC_KEY, "v": 2, "other": "shape"}))


def test_version_1_is_accepted_and_left_out_when_encoding() -> None:
    payload = decode(_link_for({"url": URL, "key": SPEC_KEY, "v": 1}))
    assert payload.v == 1
    assert "v" not in payload.to_json()


@pytest.mark.parametrize("version", [0, -1, "1", True, 1.5])
def test_malformed_version_is_refused(version: object) -> None:
    with pytest.raises(InvalidLink, match="positive integer"):
        decode(_link_for({"url": URL, "key": SPEC_KEY, "v": version}))


def test_every_field_survives_a_round_trip_including_non_ascii_labels() -> None:
    payload = ShlPayload(URL, new_key(), exp=1_900_000_000, flag="LP", label="진료 기록 요약 🩺")
    assert decode(payload.encode("https://viewer.pocketchart.example/#")) == payload


@pytest.mark.parametrize(
    "text",
    [
        "https://example.org/no-fragment",
        "shlink:/!!!not-base64!!!",
        "shlink:/" + b64url_encode(b"[1, 2]"),
        "shlink:/" + b64url_encode(b"not json"),
        "shlink:/" + b64url_encode(b"[" * 3000 + b"]" * 3000),
        "shlink:/" + "A" * 9000,
    ],
)
def test_text_that_is_not_a_valid_link_is_refused(text: str) -> None:
    with pytest.raises(InvalidLink):
        decode(text)


@pytest.mark.parametrize("exp", ["soon", True, [1]])
def test_non_numeric_exp_is_refused(exp: object) -> None:
    with pytest.raises(InvalidLink, match="epoch seconds"):
        decode(_link_for({"url": URL, "key": SPEC_KEY, "exp": exp}))


def test_new_key_is_32_random_bytes_in_43_base64url_characters() -> None:
    keys = {new_key() for _ in range(50)}
    assert len(keys) == 50
    for key in keys:
        assert len(key) == 43
        assert len(b64url_decode(key)) == 32
        ShlPayload(URL, key)


def test_new_manifest_id_carries_256_bits_of_entropy() -> None:
    ids = {new_manifest_id() for _ in range(50)}
    assert len(ids) == 50
    assert all(len(base64.urlsafe_b64decode(i + "=")) == 32 for i in ids)
    assert all(len(URL.replace("A" * 43, i)) <= 128 for i in ids)


def test_the_key_never_appears_in_the_payload_repr() -> None:
    key = new_key()
    assert key not in repr(ShlPayload(URL, key, label="x"))
