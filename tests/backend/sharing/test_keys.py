"""Where a link's secrets live: nowhere on the server for a one-off link; sealed with the
patient's data key for a long-term link until revocation or expiry destroys it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from shared.shl import decode
from shared.shl._b64 import b64url_decode
from sharing.keys import open_key, patient_key
from sharing.models import Share, ShareFile
from sharing.services import shares_purge_expired
from tests.backend.records.test_at_rest import every_cell
from tests.backend.sharing.conftest import MEDICATION_TEXT, post_manifest


def secrets_of(link: str) -> list[bytes]:
    payload = decode(link)
    manifest_id = payload.url.rsplit("/", 1)[1]
    return [payload.key.encode(), b64url_decode(payload.key), manifest_id.encode()]


def leaks(needles: list[bytes]) -> list[str]:
    return sorted({table for table, cell in every_cell() for n in needles if n in cell})


def test_a_one_off_link_leaves_no_key_manifest_id_passcode_or_label_on_the_server(
    make_share, client, alice
):
    body = make_share(passcode="sato-4711", label="Label for Dr Quillsby")
    post_manifest(client, body["link"], passcode="sato-4711", recipient="Dr Quillsby")
    share = Share.objects.get(patient=alice)
    assert bytes(share.key_sealed) == b"" and not share.long_term
    needles = [*secrets_of(body["link"]), b"sato-4711", b"Quillsby", MEDICATION_TEXT.encode()]
    assert leaks(needles) == []


def test_the_scan_would_see_a_key_left_in_clear(make_share, alice):
    link = make_share()["link"]
    Share.objects.filter(patient=alice).update(content_stamp=decode(link).key)
    assert leaks(secrets_of(link)) == ["sharing_share"]


def test_files_are_stored_only_as_jwe(make_share, alice):
    make_share()
    (file,) = ShareFile.objects.filter(share__patient=alice)
    header = file.jwe.split(".")[0]
    assert file.jwe.count(".") == 4 and header.startswith("eyJ")
    assert MEDICATION_TEXT not in file.jwe


def test_a_long_term_link_keeps_its_key_sealed_until_revoked(make_share, alice, alice_api):
    body = make_share(long_term=True, passcode="sato-4711", expiry="30d")
    share = Share.objects.get(patient=alice)
    assert (
        open_key(patient_key(alice.id), share.id, bytes(share.key_sealed))
        == decode(body["link"]).key
    )
    assert leaks(secrets_of(body["link"])[:2]) == []  # sealed, never in clear
    alice_api.post(f"/api/v1/me/shares/{share.id}/revoke")
    share.refresh_from_db()
    assert bytes(share.key_sealed) == b"" and share.purged_at is not None
    assert not ShareFile.objects.filter(share=share).exists()


def test_expiry_purges_keys_and_files_and_audits_it(make_share, alice):
    from audit.models import AuditEvent
    from sharing.tasks import purge_expired_shares

    make_share(long_term=True, passcode="sato-4711", expiry="7d")
    make_share(expiry="30m")
    assert purge_expired_shares() == 0
    later = timezone.now() + timedelta(days=8)
    Share.objects.filter(patient=alice).update(expires_at=later - timedelta(days=1))
    assert shares_purge_expired(now=later) == 2
    assert not ShareFile.objects.filter(share__patient=alice).exists()
    assert all(bytes(s.key_sealed) == b"" for s in Share.objects.filter(patient=alice))
    assert AuditEvent.objects.filter(action="sharing.share.purge").count() == 2
    assert shares_purge_expired(now=later) == 0  # twice is harmless
