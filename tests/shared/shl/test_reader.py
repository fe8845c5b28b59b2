"""The reader against a real HTTP server on 127.0.0.1 (see fake_server.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from shared.shl import (
    FileUnavailable,
    LinkExpired,
    LinkNotFound,
    PasscodeRequired,
    RateLimited,
    ReaderOptions,
    WrongPasscode,
    open_link,
)
from tests.shared.shl.fake_server import (
    BUNDLE,
    CARD,
    FHIR,
    RECIPIENT,
    SHC,
    FakeShlServer,
    Link,
    ServedFile,
    share,
    two_files,
)
from tests.shared.shl.vectors import SPEC_KEY


def test_embedded_and_location_files_are_fetched_and_decrypted(server: FakeShlServer) -> None:
    files = open_link(share(server, two_files()), recipient=RECIPIENT)
    assert [(f.content_type, f.json) for f in files] == [(FHIR, BUNDLE), (SHC, CARD)]
    assert files[1].data == json.dumps(CARD).encode()
    [post] = server.calls("POST", "/m/")
    assert post.headers["content-type"] == "application/json"
    assert post.body == {"recipient": RECIPIENT}
    [download] = server.calls("GET", "/f/")
    assert download.headers["accept"] == "application/jose"


def test_spec_encrypted_ips_served_by_location_decrypts_to_the_spec_plaintext(
    server: FakeShlServer, spec_dir: Path
) -> None:
    link = Link(key=SPEC_KEY)
    link.files.append(ServedFile(FHIR, (spec_dir / "IPS_IG-bundle-01-enc.txt").read_text()))
    [ips] = open_link(share(server, link), recipient=RECIPIENT)
    assert ips.data == (spec_dir / "IPS_IG-bundle-01.json").read_bytes()
    assert isinstance(ips.json, dict)
    assert ips.json["resourceType"] == "Bundle"


def test_passcode_is_sent_and_a_wrong_one_reports_the_remaining_attempts(
    server: FakeShlServer,
) -> None:
    link = two_files()
    link.passcode, link.attempts_left = "4711", 3
    shlink = share(server, link, flag="P")
    with pytest.raises(WrongPasscode, match="Wrong passcode: 2 attempts left") as wrong:
        open_link(shlink, recipient=RECIPIENT, passcode="0000")
    assert wrong.value.remaining == 2
    assert len(open_link(shlink, recipient=RECIPIENT, passcode="4711")) == 2
    assert [c.body["passcode"] for c in server.calls("POST", "/m/")] == ["0000", "4711"]


def test_the_last_wrong_passcode_disables_the_link(server: FakeShlServer) -> None:
    link = two_files()
    link.passcode, link.attempts_left = "4711", 1
    shlink = share(server, link, flag="P")
    with pytest.raises(WrongPasscode, match="no attempts left") as wrong:
        open_link(shlink, recipient=RECIPIENT, passcode="0000")
    assert wrong.value.remaining == 0
    with pytest.raises(LinkNotFound):
        open_link(shlink, recipient=RECIPIENT, passcode="4711")


def test_a_passcode_link_without_a_passcode_fails_before_any_request(
    server: FakeShlServer,
) -> None:
    shlink = share(server, two_files(), flag="P")
    with pytest.raises(PasscodeRequired, match="ask the sender for it"):
        open_link(shlink, recipient=RECIPIENT)
    assert server.requests == []


def test_a_passcode_is_never_sent_to_a_link_without_the_p_flag(server: FakeShlServer) -> None:
    open_link(share(server, two_files()), recipient=RECIPIENT, passcode="4711")
    assert "passcode" not in server.calls("POST", "/m/")[0].body


def test_a_server_demanding_a_passcode_the_link_did_not_flag_asks_for_one(
    server: FakeShlServer,
) -> None:
    link = two_files()
    link.passcode = "4711"
    with pytest.raises(PasscodeRequired):
        open_link(share(server, link), recipient=RECIPIENT)


def test_rate_limited_manifest_is_retried_after_the_requested_wait(
    server: FakeShlServer,
) -> None:
    link = two_files()
    link.throttle = ["2", "5"]
    slept: list[float] = []
    files = open_link(
        share(server, link), recipient=RECIPIENT, options=ReaderOptions(sleep=slept.append)
    )
    assert len(files) == 2
    assert slept == [2.0, 5.0]
    assert len(server.calls("POST", "/m/")) == 3


def test_retry_after_as_an_http_date_is_honoured(server: FakeShlServer) -> None:
    link = two_files()
    link.throttle = ["Wed, 21 Oct 2015 07:28:30 GMT"]
    slept: list[float] = []
    clock = 1445412500.0  # 10 seconds before that date
    options = ReaderOptions(sleep=slept.append, clock=lambda: clock)
    open_link(share(server, link), recipient=RECIPIENT, options=options)
    assert slept == [10.0]


def test_persistent_rate_limiting_gives_up_after_the_allowed_retries(
    server: FakeShlServer,
) -> None:
    link = two_files()
    link.throttle = ["1"] * 10
    slept: list[float] = []
    options = ReaderOptions(sleep=slept.append, max_retries=2)
    with pytest.raises(RateLimited, match="slow down"):
        open_link(share(server, link), recipient=RECIPIENT, options=options)
    assert slept == [1.0, 1.0]
    assert len(server.calls("POST", "/m/")) == 3


def test_a_retry_after_longer_than_the_maximum_wait_is_reported_not_waited(
    server: FakeShlServer,
) -> None:
    link = two_files()
    link.throttle = ["3600"]
    slept: list[float] = []
    with pytest.raises(RateLimited, match="Try again in 3600 seconds") as limited:
        open_link(
            share(server, link), recipient=RECIPIENT, options=ReaderOptions(sleep=slept.append)
        )
    assert limited.value.retry_after == 3600
    assert slept == []


def test_a_revoked_link_raises_link_not_found(server: FakeShlServer) -> None:
    link = two_files()
    link.active = False
    with pytest.raises(LinkNotFound, match="expired or was revoked"):
        open_link(share(server, link), recipient=RECIPIENT)


def test_u_flag_gets_the_single_file_with_the_recipient_and_no_manifest(
    server: FakeShlServer,
) -> None:
    link = Link()
    link.add(FHIR, json.dumps(BUNDLE).encode())
    [only] = open_link(share(server, link, flag="LU"), recipient=RECIPIENT)
    assert (only.content_type, only.json) == (FHIR, BUNDLE)
    assert server.calls("POST", "/") == []
    [get] = server.calls("GET", "/u/")
    assert get.query == {"recipient": [RECIPIENT]}


def test_u_flag_link_that_was_revoked_raises_link_not_found(server: FakeShlServer) -> None:
    link = Link()
    link.add(FHIR, b"{}")
    link.active = False
    with pytest.raises(LinkNotFound):
        open_link(share(server, link, flag="U"), recipient=RECIPIENT)


def test_an_expired_location_is_refetched_through_a_second_manifest_post(
    server: FakeShlServer,
) -> None:
    link = two_files()
    link.stale_manifests = 1
    files = open_link(share(server, link), recipient=RECIPIENT)
    assert [f.json for f in files] == [BUNDLE, CARD]
    assert len(server.calls("POST", "/m/")) == 2
    assert len(server.calls("GET", "/f/")) == 2  # the stale one (403), then the fresh one


def test_a_location_still_failing_after_a_fresh_manifest_raises_file_unavailable(
    server: FakeShlServer,
) -> None:
    link = two_files()
    link.stale_manifests = 10
    with pytest.raises(FileUnavailable, match="even with a fresh manifest"):
        open_link(share(server, link), recipient=RECIPIENT)
    assert len(server.calls("POST", "/m/")) == 2  # refetched once, not in a loop


def test_a_location_older_than_an_hour_is_not_dereferenced(server: FakeShlServer) -> None:
    now = [1_800_000_000.0]
    server.on_manifest = lambda count: now.__setitem__(0, now[0] + (3601 if count == 1 else 0))
    files = open_link(
        share(server, two_files()),
        recipient=RECIPIENT,
        options=ReaderOptions(clock=lambda: now[0]),
    )
    assert len(files) == 2
    assert len(server.calls("POST", "/m/")) == 2
    assert len(server.calls("GET", "/f/")) == 1  # only the fresh manifest's location


def test_location_redirects_are_followed(server: FakeShlServer) -> None:
    link = two_files()
    link.redirect_locations = True
    assert len(open_link(share(server, link), recipient=RECIPIENT)) == 2
    assert len(server.calls("GET", "/r/")) == 1


def test_embedded_length_max_is_sent_and_longer_files_come_by_location(
    server: FakeShlServer,
) -> None:
    files = open_link(share(server, two_files()), recipient=RECIPIENT, embedded_length_max=10)
    assert [f.json for f in files] == [BUNDLE, CARD]
    assert server.calls("POST", "/m/")[0].body["embeddedLengthMax"] == 10
    assert len(server.calls("GET", "/f/")) == 2


def test_an_expired_link_is_refused_before_any_request(server: FakeShlServer) -> None:
    shlink = share(server, two_files(), exp=int(time.time()) - 60)
    with pytest.raises(LinkExpired, match="ask the sender for a new one"):
        open_link(shlink, recipient=RECIPIENT)
    assert server.requests == []


def test_an_expired_link_can_still_be_tried_when_allowed(server: FakeShlServer) -> None:
    shlink = share(server, two_files(), exp=int(time.time()) - 60)
    assert len(open_link(shlink, recipient=RECIPIENT, allow_expired=True)) == 2
