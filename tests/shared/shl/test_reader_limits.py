"""The reader's safety limits: URL policy, sizes, timeouts, malformed answers, secrets."""

from __future__ import annotations

import json
import logging
import secrets
from typing import Any

import pytest

from shared.shl import (
    ReaderError,
    ReaderOptions,
    ResponseTooLarge,
    ServerError,
    ShlPayload,
    UnsafeUrl,
    WrongPasscode,
    open_link,
)
from tests.shared.shl.fake_server import (
    FHIR,
    RECIPIENT,
    FakeShlServer,
    Link,
    share,
    two_files,
)
from tests.shared.shl.vectors import SPEC_KEY


@pytest.mark.parametrize(
    "url", ["ftp://files.example.org/m/abc", "http://example.org/m/abc", "file:///etc/passwd"]
)
def test_only_https_or_loopback_http_urls_are_followed(url: str) -> None:
    with pytest.raises(UnsafeUrl, match="only https links"):
        open_link(ShlPayload(url, SPEC_KEY).encode(), recipient=RECIPIENT)


def test_a_location_on_plain_http_elsewhere_is_refused(server: FakeShlServer) -> None:
    link = Link(raw_manifest={"files": [{"contentType": FHIR, "location": "http://x.test/f"}]})
    with pytest.raises(UnsafeUrl):
        open_link(share(server, link), recipient=RECIPIENT)


def test_a_response_over_the_size_limit_is_refused(server: FakeShlServer) -> None:
    link = Link()
    link.add(FHIR, json.dumps({"resourceType": "Bundle", "id": secrets.token_hex(3000)}).encode())
    with pytest.raises(ResponseTooLarge, match="more than 2,000 bytes"):
        open_link(
            share(server, link),
            recipient=RECIPIENT,
            options=ReaderOptions(max_response_bytes=2000),
        )


@pytest.mark.parametrize(
    "manifest", [{"files": "none"}, {"nothing": []}, {"files": [{"location": "/f/x"}]}]
)
def test_a_malformed_manifest_is_reported(server: FakeShlServer, manifest: dict[str, Any]) -> None:
    with pytest.raises(ServerError, match="manifest"):
        open_link(share(server, Link(raw_manifest=manifest)), recipient=RECIPIENT)


def test_a_server_error_status_is_reported_with_the_status(server: FakeShlServer) -> None:
    link = two_files()
    link.fail_status = 500
    with pytest.raises(ServerError, match="answered HTTP 500"):
        open_link(share(server, link), recipient=RECIPIENT)


def test_a_server_that_does_not_answer_in_time_is_reported(server: FakeShlServer) -> None:
    link = two_files()
    link.delay = 1.0
    with pytest.raises(ServerError, match=r"did not answer within 0\.2 seconds"):
        open_link(share(server, link), recipient=RECIPIENT, options=ReaderOptions(timeout=0.2))


def test_a_blank_recipient_is_refused() -> None:
    with pytest.raises(ReaderError, match="recipient name is required"):
        open_link(ShlPayload("https://e.org/m", SPEC_KEY).encode(), recipient="  ")


def test_key_and_passcode_never_reach_logs_or_error_messages(
    server: FakeShlServer, caplog: pytest.LogCaptureFixture
) -> None:
    link = two_files()
    link.passcode = "secret-4711"
    shlink = share(server, link, flag="P")
    caplog.set_level(logging.DEBUG)
    with pytest.raises(WrongPasscode) as wrong:
        open_link(shlink, recipient=RECIPIENT, passcode="guess-0000")
    open_link(shlink, recipient=RECIPIENT, passcode="secret-4711")
    assert "manifest from 127.0.0.1 lists 2 file(s)" in caplog.text
    for secret in (link.key, "secret-4711", "guess-0000", shlink):
        assert secret not in caplog.text
        assert secret not in str(wrong.value)
