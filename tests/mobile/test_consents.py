"""Grants, the access log and transfer-abroad consents with the fake server."""

from __future__ import annotations

from tests.mobile.harness import Parts, sign_in


def test_grants_are_listed_in_plain_words(app_parts: Parts):
    app_parts.server.care.add_grant("Busan Family Clinic")
    app_parts.server.add_link("Seoul General Hospital")
    sign_in(app_parts)
    consents = app_parts.vms.consents
    consents.ctx.language = "en"
    read = next(g for g in consents.grants if g["kind"] == "read")
    words = consents.words(read)
    assert words.startswith("Busan Family Clinic may read current medications, recent results")
    assert "until 20" in words
    assert consents.status(read) == "In force"


def test_a_read_grant_is_given_to_a_linked_hospital_with_scope_and_period(app_parts: Parts):
    app_parts.server.add_link("Seoul General Hospital")
    sign_in(app_parts)
    consents = app_parts.vms.consents
    consents.start_new()
    assert consents.hospital_id == "org-1"
    assert consents.sections == ["allergies", "medications"]  # what a referral usually needs
    consents.toggle_section("medications")
    consents.toggle_section("results")
    consents.period, consents.purpose = "1m", "referral"
    consents.give()
    assert consents.error == "" and consents.notice
    grant = app_parts.server.care.grants[0]
    assert grant["sections"] == ["allergies", "results"] and grant["purpose"] == "referral"
    assert consents.grants[0]["grant_id"] == grant["id"]


def test_a_grant_needs_a_linked_hospital_and_something_to_read(app_parts: Parts):
    sign_in(app_parts)
    consents = app_parts.vms.consents
    consents.start_new()
    consents.give()
    assert consents.error == consents.t("grant_new.no_hospital")
    assert app_parts.server.care.grants == []


def test_giving_a_grant_offline_is_refused(app_parts: Parts):
    app_parts.server.add_link()
    sign_in(app_parts)
    app_parts.server.down = True
    consents = app_parts.vms.consents
    consents.start_new()
    consents.give()
    assert consents.error == consents.t("error.offline_action")
    assert app_parts.vms.connection.pending == 0


def test_revoking_a_grant_offline_is_queued_then_sent(app_parts: Parts):
    grant = app_parts.server.care.add_grant()
    sign_in(app_parts)
    app_parts.server.down = True
    consents = app_parts.vms.consents
    consents.open(grant["id"])
    consents.revoke(grant["id"])
    assert consents.detail["pending"] and consents.notice == consents.t("consents.revoke_queued")
    app_parts.server.down = False
    app_parts.tasks.fire_timers()
    assert app_parts.server.care.grants[0]["status"] == "revoked"
    assert consents.grants[0]["status"] == "revoked" and not consents.grants[0]["pending"]


def test_new_accesses_get_a_badge_until_seen(app_parts: Parts):
    app_parts.server.care.add_access()
    sign_in(app_parts)
    log = app_parts.vms.access_log
    assert log.new_count == 0  # what was there at first sync counts as seen
    app_parts.server.care.add_access("Tokyo Clinic", outcome="denied")
    app_parts.vms.sync.sync_now()
    assert log.new_count == 1 and log.is_new(log.entries[0])
    assert log.entries[0]["reason"] == "no_grant"
    log.mark_seen()
    assert log.new_count == 0


def test_transfer_consents_are_listed_and_withdrawn(app_parts: Parts):
    care = app_parts.server.care
    care.general_abroad = True
    care.transfers.append(
        {
            "id": "tc-9",
            "recipient_name": "Dr Sato",
            "country": "JP",
            "items": ["allergies", "referral"],
            "starts_at": "2026-03-01T00:00:00Z",
            "expires_at": "2026-04-01T00:00:00Z",
            "given_at": "2026-03-01T00:00:00Z",
            "withdrawn_at": None,
        }
    )
    sign_in(app_parts)
    transfers = app_parts.vms.transfers
    transfers.ctx.language = "en"
    assert transfers.items(transfers.consents[0]) == "Allergies and intolerances, referral letters"
    app_parts.server.down = True
    transfers.withdraw("tc-9")
    assert transfers.consents[0]["pending"]
    app_parts.server.down = False
    app_parts.tasks.fire_timers()
    assert care.transfers[0]["withdrawn_at"]
    assert transfers.consents[0]["withdrawn"]
