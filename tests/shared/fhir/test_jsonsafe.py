import json

import pytest

from shared.fhir.jsonsafe import JsonInputError, load_json

LIMIT = 10_000_000


def refused(body: bytes, **limits: int) -> JsonInputError:
    with pytest.raises(JsonInputError) as caught:
        load_json(body, max_bytes=limits.pop("max_bytes", LIMIT), **limits)
    return caught.value


def test_valid_json_is_parsed_with_ints_and_floats_kept_apart():
    assert load_json(b'{"a": [1, 2.5, "x", null, true]}', max_bytes=LIMIT) == {
        "a": [1, 2.5, "x", None, True]
    }


def test_ten_thousand_levels_of_nesting_are_refused_without_recursion_error():
    assert refused(b"[" * 10_000 + b"]" * 10_000).code == "structure"
    assert refused(b'{"a":' * 10_000 + b"1" + b"}" * 10_000).code == "structure"


def test_nesting_just_within_the_limit_is_accepted():
    assert load_json(b"[" * 64 + b"]" * 64, max_bytes=LIMIT) == eval("[" * 64 + "]" * 64)  # noqa: S307


def test_brackets_inside_strings_do_not_count_as_nesting():
    body = json.dumps({"note": "[" * 500 + '\\"' + "{" * 500}).encode()
    assert load_json(body, max_bytes=LIMIT)["note"].startswith("[[[")


def test_a_five_thousand_digit_number_is_refused_as_too_long_not_value_error():
    error = refused(b"[" + b"9" * 5000 + b"]")
    assert error.code == "too-long"
    assert refused(b'{"v": -' + b"1" * 5000 + b".5}").code == "too-long"


def test_invalid_utf8_is_refused_with_its_byte_offset():
    error = refused(b'{"name": "\xff\xfe"}')
    assert error.code == "structure"
    assert "UTF-8" in error.message
    assert error.location == "byte 10"


def test_a_byte_order_mark_is_refused_with_a_clear_message():
    assert "byte order mark" in refused(b'\xef\xbb\xbf{"a": 1}').message


def test_duplicate_keys_are_refused_without_echoing_values():
    error = refused(b'{"family": "Zyxwvut", "family": "Zyxwvut"}')
    assert error.code == "structure"
    assert "Zyxwvut" not in str(error)


@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity", b"1e999"])
def test_nan_and_infinity_are_refused(literal):
    assert refused(b'{"value": ' + literal + b"}").code in {"structure", "value"}


def test_an_oversize_string_is_refused_by_length_only():
    error = refused(b'["' + b"Zyxwvut" * 200 + b'"]', max_string=1000)
    assert error.code == "too-long"
    assert "Zyxwvut" not in str(error)


def test_an_oversize_body_is_refused_before_parsing():
    assert refused(b"[1, 2, 3]", max_bytes=4).code == "too-long"


def test_invalid_json_reports_line_and_column_but_not_the_text():
    error = refused(b'{\n  "name": "Zyxwvut",\n  "x": [1, 2,]\n}')
    assert error.location == "line 3, column 14"
    assert "Zyxwvut" not in str(error)


def test_many_unterminated_quotes_are_refused_quickly():
    assert refused(b'"\\"' * 200_000).code == "structure"
