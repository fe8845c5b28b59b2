"""View-models with plain pytest: the real ones, a fake server, tasks run inline."""

from __future__ import annotations

import threading
from typing import Any

from tests.mobile.harness import PASSWORD, PIN, Parts, sign_in


def test_a_wrong_password_shows_the_servers_message(app_parts: Parts):
    session = app_parts.vms.session
    session.login("minji@example.com", "wrong password")
    assert session.error == "The email, password or code is not correct."
    assert session.stage in ("language", "signin")


def test_empty_fields_are_refused_before_any_request(app_parts: Parts):
    app_parts.vms.session.login("", "")
    assert app_parts.vms.session.error
    assert app_parts.server.calls == []


def test_a_staff_account_is_signed_out_and_told_to_use_the_console(app_parts: Parts):
    app_parts.server.role = "staff"
    app_parts.vms.session.login("nurse@example.com", PASSWORD)
    assert "patients" in app_parts.vms.session.error
    assert ("POST", "/api/v1/auth/logout") in app_parts.server.calls
    assert not app_parts.client.tokens.signed_in


def test_an_expired_access_token_is_refreshed_without_the_person_noticing(app_parts: Parts):
    sign_in(app_parts)
    app_parts.server.access.clear()  # every access token has expired on the server
    app_parts.vms.hospitals.refresh()
    assert app_parts.vms.hospitals.error == ""
    assert app_parts.server.calls.count(("POST", "/api/v1/auth/refresh")) == 1


def test_parallel_screens_refreshing_at_once_spend_one_refresh_token(app_parts: Parts):
    sign_in(app_parts)
    app_parts.server.access.clear()
    start = threading.Barrier(4)
    original = app_parts.server.request

    def slow_request(*args: Any, **kwargs: Any) -> Any:
        if args[1].endswith("/auth/refresh"):
            threading.Event().wait(0.05)  # hold the refresh open while the others queue
        return original(*args, **kwargs)

    app_parts.server.request = slow_request  # type: ignore[method-assign]
    screens = (
        app_parts.vms.summary,
        app_parts.vms.timeline,
        app_parts.vms.hospitals,
        app_parts.vms.notifications,
    )
    # Inline tasks run each refresh on the thread that asked: four real threads at once.
    threads = [threading.Thread(target=lambda v=vm: (start.wait(), v.refresh())) for vm in screens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert app_parts.server.calls.count(("POST", "/api/v1/auth/refresh")) == 1
    assert all(vm.error == "" and not vm.stale for vm in screens)


def test_offline_the_app_shows_its_copy_and_says_since_when(app_parts: Parts):
    sign_in(app_parts)
    synced = app_parts.vms.connection.last_synced
    app_parts.vms.session.lock()
    app_parts.server.down = True
    app_parts.vms.session.unlock(PIN)
    app_parts.vms.sync.show_cached()
    app_parts.vms.sync.sync_now()
    assert not app_parts.vms.connection.online
    assert app_parts.vms.connection.last_synced == synced
    assert app_parts.vms.timeline.count == 40 and app_parts.vms.summary.stale
    assert app_parts.vms.summary.cards[0]["items"][0]["display"] == "페니실린 (Penicillin)"


def test_sync_resumes_by_itself_when_the_server_is_back(app_parts: Parts):
    sign_in(app_parts)
    app_parts.server.down = True
    app_parts.vms.sync.sync_now()
    assert not app_parts.vms.connection.online
    app_parts.server.down = False
    app_parts.server.add_link("Busan Clinic")
    assert app_parts.tasks.fire_timers() >= 1  # the retry timer the offline state armed
    assert app_parts.vms.connection.online
    assert [link["hospital"] for link in app_parts.vms.hospitals.links] == ["Busan Clinic"]


def test_actions_taken_offline_are_queued_and_replayed_in_order(app_parts: Parts):
    link_id = app_parts.server.add_link()
    sign_in(app_parts)
    app_parts.server.down = True
    app_parts.vms.record.open("r3")
    app_parts.vms.record.set_hidden(True)
    app_parts.vms.record.request_correction("The dose was 250 mg, not 500 mg.")
    app_parts.vms.hospitals.revoke(link_id)
    assert app_parts.vms.connection.pending == 3
    assert app_parts.vms.hospitals.links[0]["pending"]
    assert not any(e.get("record_id") == "r3" for e in app_parts.vms.timeline.rows)
    app_parts.server.down = False
    app_parts.tasks.fire_timers()
    assert app_parts.vms.connection.pending == 0
    assert app_parts.server.hidden == {"r3"}
    assert app_parts.server.corrections == [("r3", "The dose was 250 mg, not 500 mg.")]
    assert app_parts.server.links == []


def test_a_queued_action_the_server_refuses_is_reported_not_lost(app_parts: Parts):
    sign_in(app_parts)
    app_parts.server.down = True
    app_parts.vms.hospitals.revoke("link-that-does-not-exist")
    app_parts.server.down = False
    app_parts.tasks.fire_timers()
    assert app_parts.vms.connection.pending == 0
    assert len(app_parts.vms.connection.refused) == 1


def test_link_codes_need_a_connection_and_say_so(app_parts: Parts):
    sign_in(app_parts)
    app_parts.server.down = True
    app_parts.vms.hospitals.make_code()
    assert "connection" in app_parts.vms.hospitals.error or app_parts.vms.hospitals.error


def test_switching_language_changes_texts_and_asks_the_server_too(app_parts: Parts):
    sign_in(app_parts)
    settings = app_parts.vms.settings
    settings.choose("ja", signed_in=True)
    assert settings.language == "ja" and app_parts.client.language == "ja"
    assert ("PATCH", "/api/v1/me") in app_parts.server.calls
    app_parts.vms.session.login("minji@example.com", "nope")
    assert app_parts.vms.session.error  # the server's text; the app's own below
    assert app_parts.vms.session.t("tab.records") == "記録"


def test_the_language_choice_survives_a_restart(app_parts: Parts, tmp_path: Any):
    from tests.mobile.harness import build

    app_parts.vms.settings.choose("th")
    again = build(tmp_path, server=app_parts.server)
    assert again.vms.settings.language == "th" and again.vms.session.stage == "signin"


def test_a_new_link_asks_was_this_you_and_no_removes_it(app_parts: Parts):
    link_id = app_parts.server.add_link("Seoul General Hospital")
    sign_in(app_parts)
    notifications = app_parts.vms.notifications
    assert notifications.confirmations[0]["hospital"] == "Seoul General Hospital"
    notifications.reject_link(notifications.confirmations[0]["notification_id"])
    assert ("DELETE", f"/api/v1/me/links/{link_id}") in app_parts.server.calls
    assert notifications.confirmations == [] and notifications.unread == 0


def test_new_notifications_are_announced_once(app_parts: Parts):
    sign_in(app_parts)
    app_parts.server.add_link()
    app_parts.vms.sync.sync_now()
    app_parts.vms.sync.sync_now()
    assert len(app_parts.notifier.shown) == 1


def test_registration_walks_each_agreement_then_verifies_the_email(app_parts: Parts):
    signup = app_parts.vms.signup
    app_parts.vms.settings.choose("ko")
    signup.submit_form(
        email="new@example.com",
        password=PASSWORD,
        name="김민지",
        birth_date="1980-04-02",
        country="KR",
    )
    assert signup.step == "agreement" and len(signup.agreements) == 3
    signup.answer(False)
    assert signup.error and signup.index == 0  # a required one cannot be skipped
    signup.answer(True)
    signup.answer(True)
    signup.answer(False)  # the optional transfer-abroad agreement
    assert signup.step == "verify"
    sent = app_parts.server.registered[0]
    assert [a["kind"] for a in sent["agreements"]] == ["terms", "sensitive"]
    assert sent["preferred_language"] == "ko" and "password" not in signup.form
    signup.verify("http://x/api/v1/auth/verify-email?token=abc.def")
    assert signup.verified


def test_signing_out_elsewhere_ends_the_other_sessions(app_parts: Parts):
    sign_in(app_parts)
    app_parts.vms.devices.sign_out_others()
    assert app_parts.server.revoked_sessions == ["s2"]
    assert app_parts.vms.devices.signed_out == 1


def test_five_wrong_pins_erase_the_copy_on_this_device(app_parts: Parts):
    sign_in(app_parts)
    app_parts.vms.session.lock()
    for _ in range(4):
        app_parts.vms.session.unlock("000000")
    assert app_parts.vms.session.attempts_left == 1
    app_parts.vms.session.unlock("000000")
    assert app_parts.vms.session.stage == "signin"
    assert not app_parts.store.vault.exists
    assert not any((app_parts.data_dir / "cache").glob("*.bin"))


def test_signing_out_erases_the_local_copy(app_parts: Parts):
    sign_in(app_parts)
    app_parts.vms.session.logout()
    assert app_parts.vms.session.stage == "signin"
    assert not app_parts.store.vault.exists and not app_parts.store.is_open


def test_the_archive_export_follows_the_job_and_keeps_its_password_on_screen(app_parts: Parts):
    sign_in(app_parts)
    jobs = iter(
        [
            {"id": "j1", "status": "queued", "progress": 0, "password": "tiger-lamp-49"},
            {"id": "j1", "status": "building", "progress": 60},
            {
                "id": "j1",
                "status": "ready",
                "progress": 100,
                "download_url": "http://pocketchart.test/api/v1/me/exports/j1/download",
            },
        ]
    )
    client = app_parts.client
    client.start_archive = lambda: next(jobs)  # type: ignore[method-assign]
    client.archive_status = lambda _id: next(jobs)  # type: ignore[method-assign, assignment]
    client.download = lambda _url: b"PK archive"  # type: ignore[method-assign, assignment]
    exports = app_parts.vms.exports
    exports.export("archive")
    assert exports.password == "tiger-lamp-49" and exports.progress < 1
    app_parts.tasks.fire_timers()
    assert 0.5 < exports.progress < 1
    app_parts.tasks.fire_timers()
    assert exports.progress == 1 and exports.saved_to.endswith(".zip")
    assert not exports.saved_to.startswith(str(app_parts.data_dir))  # never in the app's data


def test_exports_need_a_connection_and_say_so(app_parts: Parts):
    sign_in(app_parts)
    app_parts.server.down = True
    app_parts.vms.exports.export("pdf")
    assert app_parts.vms.exports.error and not app_parts.vms.exports.saved_to
