"""Our links opened over real HTTP: by our reader, by an independent JWE implementation
(jwcrypto), by the command line, and by twenty guessers at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
import requests
from jwcrypto import jwe as jw_jwe
from jwcrypto import jwk as jw_jwk

from shared.shl import (
    DecryptionFailed,
    InflatedTooLarge,
    LinkNotFound,
    WrongPasscode,
    decode,
    encrypt,
    open_link,
)
from shared.shl._b64 import b64url_decode, b64url_encode

pytestmark = pytest.mark.django_db(transaction=True)
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def served(live_server: Any, settings: Any) -> Any:
    """Links point at the live server (PUBLIC_BASE_URL is where manifests and files live)."""
    settings.PUBLIC_BASE_URL = live_server.url
    return live_server


def independent_decrypt(token: str, key: str) -> tuple[dict[str, Any], bytes]:
    """jwcrypto: another JOSE implementation, on other code than shared.shl.jwe."""
    key_obj = jw_jwk.JWK(kty="oct", k=key)
    message = jw_jwe.JWE()
    message.deserialize(token, key=key_obj)
    return json.loads(message.objects["protected"]), message.payload


def manifest_files(link: str, **body: Any) -> list[dict[str, Any]]:
    payload = decode(link)
    response = requests.post(payload.url, json={"recipient": "Dr Sato", **body}, timeout=30)
    assert response.status_code == 200, response.text
    return list(response.json()["files"])


def test_our_reader_opens_a_passcode_link_and_gets_the_ips(served, make_share):
    link = make_share(passcode="sato-4711", label="For Dr Sato")["link"]
    (file,) = open_link(link, recipient="Dr Sato", passcode="sato-4711")
    assert file.content_type == "application/fhir+json"
    assert file.json["resourceType"] == "Bundle" and file.json["type"] == "document"
    with pytest.raises(WrongPasscode) as wrong:
        open_link(link, recipient="Dr Sato", passcode="not-it-at-all")
    assert wrong.value.remaining == 9


def test_our_reader_opens_a_u_link_with_one_get(served, make_share):
    link = make_share(single_file=True)["link"]
    (file,) = open_link(link, recipient="Dr Sato")
    assert file.json["type"] == "document"


def test_an_independent_jwe_library_decrypts_our_files(served, make_share):
    link = make_share()["link"]
    key = decode(link).key
    (entry,) = manifest_files(link)
    token = requests.get(entry["location"], timeout=30)
    assert token.headers["Content-Type"] == "application/jose"
    header, plaintext = independent_decrypt(token.text, key)
    assert header == {"alg": "dir", "enc": "A256GCM", "cty": "application/fhir+json", "zip": "DEF"}
    assert json.loads(plaintext)["type"] == "document"


def test_tampered_ciphertext_is_refused_by_both_implementations(served, make_share, alice):
    from sharing.models import ShareFile

    link = make_share()["link"]
    stored = ShareFile.objects.get(share__patient=alice)
    parts = stored.jwe.split(".")
    ciphertext = bytearray(b64url_decode(parts[3]))
    ciphertext[0] ^= 0x01
    parts[3] = b64url_encode(bytes(ciphertext))
    stored.jwe = ".".join(parts)
    stored.save()
    with pytest.raises(DecryptionFailed):
        open_link(link, recipient="Dr Sato")
    with pytest.raises(jw_jwe.InvalidJWEData):
        independent_decrypt(stored.jwe, decode(link).key)


def test_a_deflate_bomb_is_refused_at_the_reader(served, make_share, alice):
    from shared.shl import ReaderOptions
    from sharing.models import ShareFile

    link = make_share()["link"]
    bomb = encrypt(
        b"\0" * (8 * 1024 * 1024),
        decode(link).key,
        content_type="application/fhir+json",
        compress=True,
    )
    assert len(bomb) < 64 * 1024  # eight megabytes of zeros, a few kilobytes on the wire
    ShareFile.objects.filter(share__patient=alice).update(jwe=bomb)
    with pytest.raises(InflatedTooLarge):
        open_link(link, recipient="Dr Sato", options=ReaderOptions(max_inflated=1024 * 1024))


@pytest.mark.postgres
def test_twenty_parallel_wrong_guesses_never_get_more_attempts_than_allowed(
    served, make_share, alice
):
    from django.db import connections

    from sharing.models import Share

    link = make_share(passcode="sato-4711")["link"]
    url = decode(link).url
    barrier = threading.Barrier(20)
    answers: list[requests.Response] = []

    def guess(i: int) -> None:
        try:
            barrier.wait()
            body = {"recipient": f"Guesser {i}", "passcode": f"wrong-{i:02d}"}
            answers.append(requests.post(url, json=body, timeout=60))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(answers) == 20
    unauthorized = [a for a in answers if a.status_code == 401]
    assert len(unauthorized) == 10  # the limit, exactly: never more
    assert sorted(a.json()["remainingAttempts"] for a in unauthorized) == list(range(10))
    assert {a.status_code for a in answers} <= {401, 404}
    assert Share.objects.get(patient=alice).failures == 10
    with pytest.raises(LinkNotFound):
        open_link(link, recipient="Dr Sato", passcode="sato-4711")


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "shared.shl", "open", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_patient_shares_a_doctor_opens_with_the_cli_and_revoking_closes_it(
    served, alice_api, alice_records, tmp_path
):
    """The issue's "done when": a passcode link made through the API, opened by the command
    line, the access shown to the patient, and the next open after revoking a 404."""
    made = alice_api.post(
        "/api/v1/me/shares",
        {"summary": True, "expiry": "1d", "passcode": "sato-4711", "label": "For Dr Sato"},
        format="json",
    ).json()
    out = tmp_path / "opened"
    opened = run_cli(
        made["link"],
        "--recipient",
        "Dr Sato",
        "--passcode",
        "sato-4711",
        "--out",
        str(out),
        cwd=tmp_path,
    )
    assert opened.returncode == 0, opened.stderr
    ips = json.loads((out / "file-1.json").read_text())
    assert (
        ips["type"] == "document" and ips["entry"][0]["resource"]["resourceType"] == "Composition"
    )
    share_id = made["share"]["id"]
    detail = alice_api.get(f"/api/v1/me/shares/{share_id}").json()
    (access,) = detail["accesses"]
    assert (access["recipient"], access["outcome"], access["files_fetched"]) == (
        "Dr Sato",
        "success",
        1,
    )
    assert alice_api.post(f"/api/v1/me/shares/{share_id}/revoke").status_code == 200
    again = run_cli(
        made["link"],
        "--recipient",
        "Dr Sato",
        "--passcode",
        "sato-4711",
        "--out",
        str(tmp_path / "again"),
        cwd=tmp_path,
    )
    assert again.returncode == 5, again.stderr  # expired, revoked or gone: the 404
