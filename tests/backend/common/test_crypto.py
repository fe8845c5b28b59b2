import base64
import io
import os
import uuid

import pytest
from django.core.management import call_command

from common.crypto import aead, envelope
from common.crypto.blind import blind_index, derive_subkey
from common.crypto.keys import keyring, reset_keyring_cache
from common.models import DataKey

pytestmark = pytest.mark.django_db

PLAIN = b'{"resourceType":"Condition","code":{"text":"Type 2 diabetes"}}'


def seal(owner, plain=PLAIN, row="r1", field="payload"):
    return envelope.encrypt_field(owner, plain, table="records_document", row_id=row, field=field)


def unseal(owner, blob, row="r1", field="payload"):
    return envelope.decrypt_field(owner, blob, table="records_document", row_id=row, field=field)


def test_a_payload_round_trips_and_is_not_stored_in_clear():
    owner = uuid.uuid4()
    blob = seal(owner)
    assert b"diabetes" not in blob
    assert unseal(owner, blob) == PLAIN


def test_a_ciphertext_moved_to_another_row_or_field_is_refused():
    owner = uuid.uuid4()
    blob = seal(owner)
    with pytest.raises(aead.DecryptionError):
        unseal(owner, blob, row="r2")
    with pytest.raises(aead.DecryptionError):
        unseal(owner, blob, field="summary")


def test_a_flipped_ciphertext_bit_is_refused():
    owner = uuid.uuid4()
    blob = bytearray(seal(owner))
    blob[-20] ^= 0x01
    with pytest.raises(aead.DecryptionError):
        unseal(owner, bytes(blob))


def test_another_patients_key_cannot_open_the_payload():
    alice, bob = uuid.uuid4(), uuid.uuid4()
    blob = seal(alice)
    with pytest.raises(aead.DecryptionError):
        envelope.decrypt_field(
            bob,
            blob,
            table="records_document",
            row_id="r1",
            field="payload",
            key=envelope.data_key_for(bob),
        )


def test_large_payloads_are_compressed_before_encryption():
    owner = uuid.uuid4()
    plain = b'{"entry": "' + b"observation " * 5000 + b'"}'
    blob = seal(owner, plain)
    assert len(blob) < len(plain) / 10
    assert unseal(owner, blob) == plain


def test_inflating_past_the_limit_is_refused():
    key = os.urandom(32)
    blob = aead.seal(key, b"\0" * 100_000, b"aad")
    with pytest.raises(aead.DecryptionError):
        aead.open_sealed(key, blob, b"aad", max_size=1000)


def test_a_destroyed_data_key_leaves_data_unreadable():
    owner = uuid.uuid4()
    blob = seal(owner)
    assert envelope.destroy_data_key(owner) is True
    row = DataKey.objects.get(owner_id=owner)
    assert bytes(row.wrapped) == b"" and row.destroyed_at is not None
    with pytest.raises(envelope.KeyDestroyed):
        unseal(owner, blob)


def test_rotation_rewraps_data_keys_and_keeps_data_readable(settings):
    owner = uuid.uuid4()
    blob = seal(owner)
    old_text = settings.PHR_MASTER_KEY_TEXT
    new_key = base64.b64encode(os.urandom(32)).decode()
    settings.PHR_MASTER_KEY_TEXT = f"{new_key},{old_text}"
    reset_keyring_cache()
    try:
        call_command("rotate_master_key", stdout=io.StringIO())
        assert DataKey.objects.get(owner_id=owner).kid == keyring().current.kid
        # The old key can now be removed from the keyring: data still opens.
        settings.PHR_MASTER_KEY_TEXT = new_key
        reset_keyring_cache()
        assert unseal(owner, blob) == PLAIN
    finally:
        settings.PHR_MASTER_KEY_TEXT = old_text
        reset_keyring_cache()


def test_rotation_is_audited():
    from audit.models import AuditEvent

    call_command("rotate_master_key", stdout=io.StringIO())
    assert AuditEvent.objects.filter(action="key.master.rotate").count() == 1


def test_blind_indexes_match_per_patient_and_differ_between_patients():
    alice, bob = uuid.uuid4(), uuid.uuid4()
    code = "http://loinc.org|8480-6"
    a1 = blind_index(derive_subkey(envelope.data_key_for(alice), "code"), code)
    a2 = blind_index(
        derive_subkey(envelope.data_key_for(alice), "code"), " HTTP://LOINC.ORG|8480-6 "
    )
    b1 = blind_index(derive_subkey(envelope.data_key_for(bob), "code"), code)
    assert a1 == a2
    assert a1 != b1
    assert "8480" not in a1 and len(a1) == 32
