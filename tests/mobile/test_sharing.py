"""Shares with the fake server: the guided flow, the QR's countdown, accesses found on sync,
revoking (queued offline), abroad with the transfer consent, refused offline."""

from __future__ import annotations

from tests.mobile.harness import Parts, sign_in


def _make(parts: Parts, country: str = "KR", name: str = "", expiry: str = "1d") -> None:
    flow = parts.vms.share_new
    flow.start()
    flow.next()  # what: the summary
    flow.choose_expiry(expiry)
    flow.next()
    flow.passcode = "sato-4711"
    flow.next()
    flow.set_recipient(name, country)
    flow.next()


def test_a_share_is_made_step_by_step_and_its_qr_counts_down(app_parts: Parts):
    sign_in(app_parts)
    _make(app_parts, expiry="30m")
    flow = app_parts.vms.share_new
    assert flow.step == "done" and flow.error == ""
    assert flow.link.startswith("shlink:/") and flow.qr_png.startswith(b"\x89PNG")
    assert 1790 <= flow.seconds_left <= 1800 and flow.left.startswith(("29:", "30:"))
    sent = app_parts.server.care.shares[0]
    assert sent["summary"] and sent["flag"] == "P" and sent["recipient_country"] == "KR"
    assert app_parts.vms.shares.active[0]["share_id"] == sent["id"]  # listed at once
    assert app_parts.tasks.timers, "the countdown ticks"
    flow.close()
    assert flow.link == "" and flow.qr_png == b""  # the key is forgotten on leaving


def test_each_step_says_what_is_missing(app_parts: Parts):
    sign_in(app_parts)
    flow = app_parts.vms.share_new
    flow.start()
    flow.choose_what(summary=False)
    flow.next()
    assert flow.step == "what" and flow.error
    flow.toggle_record("r0")
    flow.next()
    flow.next()
    flow.passcode = "123"
    flow.next()
    assert flow.step == "passcode" and "6" in flow.error
    flow.passcode = ""  # no passcode at all is allowed
    flow.next()
    flow.set_recipient("", "JP")
    flow.next()
    assert flow.step == "country" and flow.error  # abroad needs the recipient's name


def test_making_a_share_offline_is_refused_with_a_clear_message(app_parts: Parts):
    sign_in(app_parts)
    app_parts.server.down = True
    _make(app_parts)
    flow = app_parts.vms.share_new
    assert flow.step == "country" and flow.error == flow.t("share_new.offline")
    assert app_parts.vms.connection.pending == 0  # refused, not queued


def test_abroad_the_transfer_consent_is_read_and_given_before_the_link(app_parts: Parts):
    sign_in(app_parts)
    _make(app_parts, country="JP", name="Dr Sato")
    flow, care = app_parts.vms.share_new, app_parts.server.care
    assert flow.transfer.stage == "agreement"  # the general agreement was never given
    flow.transfer.agree()
    assert care.general_abroad and flow.transfer.stage == "consent"
    assert "Dr Sato" in flow.transfer.text and "JP" in flow.transfer.text
    flow.transfer.agree()
    assert flow.step == "done", flow.error
    consent, share = care.transfers[0], care.shares[0]
    assert consent["recipient_name"] == "Dr Sato" and consent["country"] == "JP"
    assert consent["items"] == sorted(consent["items"]) and "allergies" in consent["items"]
    assert share["expires_at"] == consent["expires_at"]  # the very period consented to
    assert share["recipient_country"] == "JP"


def test_declining_the_transfer_sends_nothing(app_parts: Parts):
    sign_in(app_parts)
    app_parts.server.care.general_abroad = True
    _make(app_parts, country="JP", name="Dr Sato")
    flow = app_parts.vms.share_new
    assert flow.transfer.stage == "consent"
    flow.transfer.decline()
    assert app_parts.server.care.shares == [] and app_parts.server.care.transfers == []
    assert flow.transfer.error


def test_an_opened_link_is_announced_on_sync_with_who_and_when(app_parts: Parts):
    sign_in(app_parts)
    _make(app_parts)
    share_id = app_parts.server.care.shares[0]["id"]
    app_parts.vms.sync.sync_now()
    app_parts.server.care.open_share(share_id, "Dr Sato")
    app_parts.server.care.open_share(share_id, "Dr Sato")
    app_parts.vms.sync.sync_now()
    shares = app_parts.vms.shares
    row = shares.active[0]
    assert shares.opened_line(row).startswith("2")  # Korean: "2번 열림 — 마지막: Dr Sato, …"
    assert "Dr Sato" in shares.opened_line(row)
    assert shares.new_accesses == 2
    assert any("Dr Sato" in body for _title, body in app_parts.notifier.shown)
    shares.mark_seen()
    assert shares.new_accesses == 0


def test_revoking_offline_is_queued_and_says_the_link_still_opens(app_parts: Parts):
    sign_in(app_parts)
    _make(app_parts)
    share_id = app_parts.server.care.shares[0]["id"]
    app_parts.server.down = True
    shares = app_parts.vms.shares
    shares.open(share_id)
    shares.revoke(share_id)
    assert app_parts.vms.connection.pending == 1
    assert shares.active[0]["pending"] and shares.detail["pending"]
    assert shares.state_line(shares.active[0]) == shares.t("shares.revoke_queued")
    app_parts.server.down = False
    app_parts.tasks.fire_timers()
    assert app_parts.server.care.shares[0]["status"] == "revoked"
    assert shares.active == [] and shares.past[0]["status"] == "revoked"


def test_revoking_online_ends_the_link_at_once(app_parts: Parts):
    sign_in(app_parts)
    _make(app_parts)
    share_id = app_parts.server.care.shares[0]["id"]
    app_parts.vms.shares.revoke(share_id)
    assert app_parts.vms.shares.past[0]["status"] == "revoked"
    assert app_parts.vms.shares.notice
