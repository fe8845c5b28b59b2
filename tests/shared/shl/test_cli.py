"""`python -m shared.shl` run as a real subprocess against the local test server."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.shared.shl.fake_server import BUNDLE, CARD, FHIR, FakeShlServer, share, two_files
from tests.shared.shl.vectors import REPO_ROOT, load_json


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shared.shl", *map(str, args)],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        stdin=subprocess.DEVNULL,  # not a terminal: the CLI must not prompt
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_open_saves_the_decrypted_files_and_prints_a_short_summary(
    server: FakeShlServer, tmp_path: Path
) -> None:
    shlink = share(server, two_files(), label="Kim's summary")
    done = _cli("open", shlink, "--recipient", "Dr Sato", "--out", tmp_path / "inbox")
    assert done.returncode == 0, done.stderr
    saved = tmp_path / "inbox"
    assert json.loads((saved / "file-1.json").read_bytes()) == BUNDLE
    assert json.loads((saved / "file-2.smart-health-card").read_bytes()) == CARD
    assert stat.S_IMODE((saved / "file-1.json").stat().st_mode) == 0o600
    assert 'Opened "Kim\'s summary": 2 file(s) saved to' in done.stdout
    assert f"file-1.json  {FHIR}" in done.stdout
    assert server.calls("POST", "/m/")[0].body == {"recipient": "Dr Sato"}


def test_open_never_overwrites_a_file_already_saved(server: FakeShlServer, tmp_path: Path) -> None:
    (tmp_path / "file-1.json").write_text("earlier record")
    done = _cli("open", share(server, two_files()), "--recipient", "Dr Sato", "--out", tmp_path)
    assert done.returncode == 1
    assert "Could not save" in done.stderr
    assert (tmp_path / "file-1.json").read_text() == "earlier record"


def test_open_with_a_wrong_passcode_says_how_many_attempts_are_left(
    server: FakeShlServer, tmp_path: Path
) -> None:
    link = two_files()
    link.passcode, link.attempts_left = "4711", 4
    shlink = share(server, link, flag="P")
    done = _cli("open", shlink, "--recipient", "Dr Sato", "--passcode", "1234", "--out", tmp_path)
    assert (done.returncode, done.stderr.strip()) == (4, "Wrong passcode: 3 attempts left")
    assert list(tmp_path.iterdir()) == []


def test_open_of_a_passcode_link_without_a_passcode_asks_for_one(
    server: FakeShlServer, tmp_path: Path
) -> None:
    shlink = share(server, two_files(), flag="P")
    done = _cli("open", shlink, "--recipient", "Dr Sato", "--out", tmp_path)
    assert done.returncode == 4
    assert "protected by a passcode" in done.stderr
    assert server.requests == []


def test_open_of_a_revoked_link_says_it_expired_or_was_revoked(
    server: FakeShlServer, tmp_path: Path
) -> None:
    link = two_files()
    link.active = False
    done = _cli("open", share(server, link), "--recipient", "Dr Sato", "--out", tmp_path)
    assert done.returncode == 5
    assert "This link has expired or was revoked" in done.stderr


def test_open_prints_a_hostile_label_without_terminal_escapes(
    server: FakeShlServer, tmp_path: Path
) -> None:
    shlink = share(server, two_files(), label="\x1b[2J\x1b]0;pwned\x07Kim")
    done = _cli("open", shlink, "--recipient", "Dr Sato", "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout
    assert "\x07" not in done.stdout


def test_decode_prints_the_payload_json(spec_dir: Path) -> None:
    vector = load_json(spec_dir, "spec-test-vectors.json")["link_generation"]
    done = _cli("decode", vector["shlink"])
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == vector["shlinkJsonPayload"]


def test_decode_of_text_that_is_not_a_link_exits_3_and_says_why() -> None:
    done = _cli("decode", "https://example.org/just-a-page")
    assert done.returncode == 3
    assert "This is not a SMART Health Link" in done.stderr


def test_a_missing_recipient_is_a_usage_error() -> None:
    done = _cli("open", "shlink:/x")
    assert done.returncode == 2
    assert "--recipient" in done.stderr
