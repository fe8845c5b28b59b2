import copy
import json
import struct

import pytest

from shared.fhir.canonical import bundle_content_hash, canonical_json


def test_rfc8785_example_object_is_serialized_byte_for_byte():
    value = {
        "numbers": [333333333.33333329, 1e30, 4.50, 2e-3, 0.000000000000000000000000001],
        "string": '\u20ac$\u000f\nA\'B"\\\\"/',
        "literals": [None, True, False],
    }
    expected = (
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )
    assert canonical_json(value) == expected.encode()


def test_keys_are_sorted_by_utf16_code_units():
    value = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\U0001f600": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
    }
    pairs = json.loads(canonical_json(value), object_pairs_hook=lambda items: items)
    keys = [key for key, _ in pairs]
    assert keys == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]


@pytest.mark.parametrize(
    ("bits", "text"),
    [
        ("0000000000000000", "0"),
        ("8000000000000000", "0"),
        ("0000000000000001", "5e-324"),
        ("7fefffffffffffff", "1.7976931348623157e+308"),
        ("4340000000000000", "9007199254740992"),
        ("4430000000000000", "295147905179352830000"),
        ("44b52d02c7e14af6", "1e+23"),
        ("444b1ae4d6e2ef50", "1e+21"),
        ("444b1ae4d6e2ef4f", "999999999999999900000"),
        ("3eb0c6f7a0b5ed8d", "0.000001"),
        ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
        ("41b3de4355555555", "333333333.3333333"),
        ("becbf647612f3696", "-0.0000033333333333333333"),
        ("43143ff3c1cb0959", "1424953923781206.2"),
    ],
)
def test_numbers_follow_the_rfc8785_test_vectors(bits, text):
    assert canonical_json(struct.unpack(">d", bytes.fromhex(bits))[0]) == text.encode()


def test_integers_stay_integers_and_minus_zero_becomes_zero():
    assert canonical_json([1, -0.0, 100.0, 2.5]) == b"[1,0,100,2.5]"


BUNDLE = {
    "resourceType": "Bundle",
    "type": "document",
    "timestamp": "2024-03-01T09:00:00+09:00",
    "meta": {"lastUpdated": "2024-03-01T09:00:00+09:00"},
    "entry": [
        {
            "fullUrl": "urn:uuid:0d8b6f0e-1c2a-4b3c-9d4e-5f6a7b8c9d0e",
            "resource": {
                "resourceType": "Patient",
                "meta": {"versionId": "1"},
                "name": [{"family": "Kim", "given": ["Minji"]}],
            },
        }
    ],
}


def test_reordered_keys_hash_the_same():
    reordered = dict(reversed(list(copy.deepcopy(BUNDLE).items())))
    assert bundle_content_hash(reordered) == bundle_content_hash(BUNDLE)


def test_a_new_timestamp_or_meta_hashes_the_same():
    regenerated = copy.deepcopy(BUNDLE)
    regenerated["timestamp"] = "2025-01-01T00:00:00Z"
    regenerated["meta"]["lastUpdated"] = "2025-01-01T00:00:00Z"
    regenerated["entry"][0]["resource"]["meta"] = {"versionId": "7", "lastUpdated": "2025"}
    assert bundle_content_hash(regenerated) == bundle_content_hash(BUNDLE)


def test_changed_content_hashes_differently():
    changed = copy.deepcopy(BUNDLE)
    changed["entry"][0]["resource"]["name"][0]["given"] = ["Minjun"]
    assert bundle_content_hash(changed) != bundle_content_hash(BUNDLE)
    assert len(bundle_content_hash(BUNDLE)) == 64
