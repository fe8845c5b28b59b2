"""Account deletion: confirmed by password and a typed word; data, shares and exports gone;
the ledger kept apart re-applies it after a restore; the audit trail still verifies."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from audit.models import AuditEvent
from audit.verify import verify_chain
from common.crypto.envelope import KeyDestroyed, data_key_for
from common.models import DataKey
from exports.deletion.ledger import ledger_append, ledger_read
from exports.deletion.reapply import deletion_ledger_reapply
from exports.models import ExportJob
from exports.paths import exports_dir, ledger_path
from records.models import Attachment, Document, IndexEntry
from shared.shl import decode
from sharing.models import Share, ShareFile
from tests.personas import PASSWORD


@pytest.fixture(autouse=True)
def _own_ledger(settings, tmp_path):
    settings.DELETION_LEDGER_PATH = str(tmp_path / "ledger" / "deletions.jsonl")


def share(client):
    body = {"summary": True, "expiry": "7d", "label": "for my GP"}
    response = client.post("/api/v1/me/shares", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def delete(client, password=PASSWORD, phrase="삭제"):
    return client.post(
        "/api/v1/me/deletion", {"password": password, "phrase": phrase}, format="json"
    )


def test_the_terms_name_the_word_to_type_in_the_patient_s_language(api, alice, bob):
    assert api(alice).get("/api/v1/me/deletion").json()["phrase"] == "삭제"
    terms = api(bob).get("/api/v1/me/deletion").json()
    assert terms["phrase"] == "削除" and len(terms["kept"]) == 4 and terms["erased"]


def test_after_deletion_nothing_of_the_patient_can_be_read(
    api, alice, alice_records, with_attachment, django_capture_on_commit_callbacks
):
    client = api(alice)
    shared = share(client)
    with django_capture_on_commit_callbacks(execute=True):
        job = client.post("/api/v1/me/exports", {}, format="json").json()
    archive = exports_dir() / ExportJob.objects.get(id=job["id"]).file_name
    entry = alice_records[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = delete(client)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["deleted"] is True and len(body["kept"]) == 4
    assert body["counts"]["shares_revoked"] == 1 and body["counts"]["exports_deleted"] == 1
    assert body["counts"]["documents_deleted"] == 3 and body["counts"]["attachments_deleted"] == 1
    # Tokens stop working, so the API answers nothing, and there is nothing left to read.
    assert client.get("/api/v1/me/summary").status_code == 401
    assert client.get(f"/api/v1/me/records/{entry.id}").status_code == 401
    assert client.get(f"/api/v1/me/exports/{job['id']}/download").status_code == 401
    refresh = api().post("/api/v1/auth/refresh", {"refresh": client.tokens.refresh}, format="json")
    assert refresh.status_code == 401
    assert not archive.exists() and not ExportJob.objects.filter(patient=alice).exists()
    assert not Document.objects.filter(patient=alice).exists()
    assert not IndexEntry.objects.filter(patient=alice).exists()
    assert not Attachment.objects.filter(patient=alice).exists()
    assert not Share.objects.filter(patient=alice).exists() and not ShareFile.objects.exists()
    assert AuditEvent.objects.filter(action="sharing.share.revoke").count() == 1
    assert decode(shared["link"]).url  # opening it: test_a_share_link_opened_after_deletion
    with pytest.raises(KeyDestroyed):
        data_key_for(alice.id)
    gone = User.objects.get(id=alice.id)
    assert not gone.is_active and gone.name == "" and gone.birth_date is None
    assert verify_chain().ok
    [event] = AuditEvent.objects.filter(action="account.delete")
    assert event.detail["documents_deleted"] == 3 and event.detail["ledger_seq"] == 1


def test_a_share_link_opened_after_deletion_is_not_found(api, alice, alice_records):
    client = api(alice)
    payload = decode(share(client)["link"])
    path = payload.url.split("://", 1)[1].split("/", 1)[1]
    manifest = {"recipient": "Dr. Lee"}
    assert api().post(f"/{path}", manifest, format="json").status_code == 200
    assert delete(client).status_code == 200
    assert api().post(f"/{path}", manifest, format="json").status_code == 404


def test_a_wrong_password_or_word_is_refused_and_audited(api, alice):
    client = api(alice)
    wrong_word = delete(client, phrase="delete me")
    assert wrong_word.status_code == 400 and "phrase" in wrong_word.json()["error"]["fields"]
    wrong_password = delete(client, password="not the password")
    assert wrong_password.status_code == 400
    assert "password" in wrong_password.json()["error"]["fields"]
    reasons = [
        e.detail["reason"]
        for e in AuditEvent.objects.filter(action="account.delete", outcome="denied")
    ]
    assert reasons == ["wrong_phrase", "wrong_password"]
    assert User.objects.get(id=alice.id).is_active
    assert client.get("/api/v1/me").status_code == 200
    assert not ledger_path().exists()


def test_the_english_word_is_accepted_too(api, bob):
    assert delete(api(bob), phrase=" delete ").status_code == 200


def test_deletion_is_written_to_a_signed_ledger(api, alice):
    assert delete(api(alice)).status_code == 200
    [line] = [json.loads(raw) for raw in ledger_path().read_text().splitlines()]
    assert line["account"] == str(alice.id) and line["seq"] == 1 and len(line["mac"]) == 64
    read = ledger_read()
    assert read.problems == [] and read.lines[0].account == str(alice.id)


def test_a_restore_is_deleted_again_by_reapply_deletions(api, bob, capsys):
    # A restore from a backup taken before the deletion: the account is back, alive, while
    # the ledger (kept apart) remembers the deletion.
    ledger_append(account_id=str(bob.id), deleted_at=bob.date_joined)
    assert User.objects.get(id=bob.id).is_active
    call_command("reapply_deletions")
    assert f"re-applied deletion of account {bob.id}" in capsys.readouterr().out
    assert not User.objects.get(id=bob.id).is_active
    assert DataKey.objects.get(owner_id=bob.id).destroyed_at is not None
    assert AuditEvent.objects.filter(action="account.deletion.reapply").count() == 1
    again = deletion_ledger_reapply()
    assert again.reapplied == [] and again.already_deleted == 1
    assert verify_chain().ok


def test_a_forged_ledger_line_is_not_applied(alice):
    path = ledger_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    forged = {"seq": 1, "account": str(alice.id), "deleted_at": "2026-01-01T00:00:00+00:00",
              "kid": "x", "prev": "0" * 64, "mac": "f" * 64}  # fmt: skip
    path.write_text(json.dumps(forged) + "\n")
    with pytest.raises(CommandError):
        call_command("reapply_deletions")
    assert User.objects.get(id=alice.id).is_active


def test_staff_cannot_use_it(api, staff_member):
    assert api(staff_member).post("/api/v1/me/deletion", {}, format="json").status_code == 403
    assert api().get("/api/v1/me/deletion").status_code == 401
