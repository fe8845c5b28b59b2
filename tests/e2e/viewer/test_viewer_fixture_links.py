"""The viewer opening links from a test SHL server (shared.shl encryption), in Chromium."""

from __future__ import annotations

import copy
import re
import time
from typing import Any

import pytest

from shared.terminology import display_for
from tests.e2e.viewer.conftest import INSECURE_HOST, ViewerPage, fixture_bundle
from tests.e2e.viewer.fixture_server import make_link

pytestmark = [pytest.mark.urls("tests.e2e.viewer.fixture_urls"), pytest.mark.django_db]
PASSCODE = "sato-4711"


def entry(bundle: dict[str, Any], resource_type: str) -> dict[str, Any]:
    return next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == resource_type
    )


def expected(concept: dict[str, Any], language: str) -> str:
    """What shared.terminology says the viewer must show: the JS has to agree with it."""
    shown = display_for(concept, language)
    assert shown.translation and shown.translation != shown.original
    return shown.translation


def medication_concept(bundle: dict[str, Any]) -> dict[str, Any]:
    return dict(entry(bundle, "Medication")["code"])


def test_a_doctor_reads_allergies_and_medications_in_japanese_and_korean(
    live_server: Any, viewer: ViewerPage
) -> None:
    bundle = fixture_bundle()
    url, _link = make_link(live_server.url, bundle, passcode=PASSCODE, label="For Dr Sato")
    viewer.open(url)
    viewer.choose_language("ja")
    viewer.screenshot("01-passcode-form-ja")
    viewer.sign("Dr Sato", PASSCODE)
    viewer.wait_for_record()

    allergy, medication = entry(bundle, "AllergyIntolerance")["code"], medication_concept(bundle)
    allergies, medications = viewer.section_text("allergies"), viewer.section_text("medications")
    assert expected(allergy, "ja") in allergies
    assert expected(medication, "ja") in medications
    assert display_for(medication, "ja").original in medications  # the sender's words stay
    assert "アレルギー" in allergies and "Martha DeLarosa" in viewer.by_id("patient-name").text
    viewer.screenshot("02-record-ja")

    viewer.choose_language("ko")
    viewer.wait(lambda d: expected(allergy, "ko") in viewer.section_text("allergies"))
    assert expected(medication, "ko") in viewer.section_text("medications")
    assert "알레르기" in viewer.section_text("allergies")
    viewer.screenshot("03-record-ko")


@pytest.mark.parametrize("language", ["en", "zh-Hans", "zh-Hant", "th"])
def test_every_language_translates_the_allergy(
    live_server: Any, viewer: ViewerPage, language: str
) -> None:
    bundle = fixture_bundle()
    url, _link = make_link(live_server.url, bundle)
    viewer.open(url)
    viewer.choose_language(language)
    viewer.sign("Dr Sato")
    viewer.wait_for_record()
    shown = display_for(entry(bundle, "AllergyIntolerance")["code"], language)
    assert (shown.translation or shown.original) in viewer.section_text("allergies")


def test_the_link_is_gone_from_the_address_bar_and_history(
    live_server: Any, viewer: ViewerPage
) -> None:
    url, _link = make_link(live_server.url, fixture_bundle(), passcode=PASSCODE)
    viewer.open(url)
    href = viewer.js("return location.href")
    assert "#" not in href and "shlink" not in href
    assert href == f"{live_server.url}/viewer/"
    viewer.sign("Dr Sato", PASSCODE)
    viewer.wait_for_record()  # the key was kept in memory only, and still worked
    viewer.driver.back()
    assert "shlink" not in viewer.js("return location.href")


def test_a_wrong_passcode_says_how_many_attempts_are_left(
    live_server: Any, viewer: ViewerPage
) -> None:
    url, link = make_link(live_server.url, fixture_bundle(), passcode=PASSCODE, attempts=5)
    viewer.open(url)
    viewer.sign("Dr Sato", "not-the-code")
    text = viewer.wait_for_message("form-error")
    assert viewer.message_code("form-error") == "wrong_passcode"
    assert "Attempts left: 4" in text
    viewer.choose_language("ja")
    assert "残りの試行回数:4" in viewer.by_id("form-error").text
    viewer.screenshot("04-wrong-passcode-ja")
    viewer.sign("Dr Sato", PASSCODE)  # the form stays usable
    viewer.wait_for_record()
    assert link.attempts_left == 4


def test_the_last_wrong_passcode_locks_the_link(live_server: Any, viewer: ViewerPage) -> None:
    url, _link = make_link(live_server.url, fixture_bundle(), passcode=PASSCODE, attempts=1)
    viewer.open(url)
    viewer.sign("Dr Sato", "not-the-code")
    text = viewer.wait_for_message("notice")
    assert viewer.message_code("notice") == "locked"
    assert "locked" in text and not viewer.by_id("opener").is_displayed()


def test_a_revoked_link_says_it_is_no_longer_available(
    live_server: Any, viewer: ViewerPage
) -> None:
    url, link = make_link(live_server.url, fixture_bundle(), passcode=PASSCODE)
    link.revoked = True
    viewer.open(url)
    viewer.sign("Dr Sato", PASSCODE)
    text = viewer.wait_for_message("notice")
    assert viewer.message_code("notice") == "gone"
    assert "revoked" in text
    viewer.screenshot("05-revoked-en")


def test_an_expired_link_says_so_without_asking_the_server(
    live_server: Any, viewer: ViewerPage
) -> None:
    url, link = make_link(live_server.url, fixture_bundle(), exp=int(time.time()) - 60)
    viewer.open(url)
    assert "expired" in viewer.wait_for_message("notice")
    assert viewer.message_code("notice") == "expired" and link.requests == []


def test_a_script_in_a_hospital_narrative_never_runs(live_server: Any, viewer: ViewerPage) -> None:
    bundle = copy.deepcopy(fixture_bundle())
    composition = entry(bundle, "Composition")
    attack = (
        '<div xmlns="http://www.w3.org/1999/xhtml"><p>Penicillin: hives</p>'
        "<script>window.__pwned = 1; document.title = 'pwned';</script>"
        '<img src="x" onerror="window.__pwned = 2; document.title = \'pwned\'"/>'
        '<a href="javascript:window.__pwned=3">click</a></div>'
    )
    for section in composition["section"]:
        section["text"] = {"status": "generated", "div": attack}
    url, _link = make_link(live_server.url, bundle)
    viewer.open(url)
    viewer.sign("Dr Sato")
    viewer.wait_for_record()
    viewer.js("document.querySelectorAll('details.narrative').forEach(d => d.open = true)")
    time.sleep(0.5)  # give an onerror handler every chance to fire
    assert viewer.js("return window.__pwned") is None
    assert not viewer.driver.title.startswith("pwned")
    assert viewer.js("return document.querySelectorAll('#record img, #record script').length") == 0
    assert viewer.js("return document.querySelectorAll('#record a').length") == 0
    assert "Penicillin: hives" in viewer.section_text("allergies")  # shown, as text


def test_the_viewer_sends_no_cookie_and_no_referrer(live_server: Any, viewer: ViewerPage) -> None:
    url, link = make_link(live_server.url, fixture_bundle(), passcode=PASSCODE)
    viewer.open(f"{live_server.url}/viewer/")
    viewer.driver.add_cookie({"name": "sessionid", "value": "a-staff-session", "path": "/"})
    viewer.open(url)
    viewer.sign("Dr Sato", PASSCODE)
    viewer.wait_for_record()
    assert [r["method"] for r in link.requests] == ["POST", "GET"]
    assert all(r["cookie"] is None and r["referer"] is None for r in link.requests)
    assert '"recipient": "Dr Sato"' in link.requests[0]["body"].replace(":", ": ")
    assert viewer.js("return document.cookie") == "sessionid=a-staff-session"  # untouched


def test_print_gives_a_tidy_a4_page(live_server: Any, viewer: ViewerPage) -> None:
    url, _link = make_link(live_server.url, fixture_bundle(), label="For Dr Sato")
    viewer.open(url)
    viewer.choose_language("ja")
    viewer.sign("Dr Sato")
    viewer.wait_for_record()
    pdf = viewer.print_pdf("06-print-ja").read_bytes()
    boxes = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf))
    assert boxes and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in boxes)
    viewer.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        hidden = "return getComputedStyle(document.querySelector('.bar')).display"
        assert viewer.js(hidden) == "none"
        viewer.screenshot("07-print-media-ja")
    finally:
        viewer.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_no_link_asks_for_one(live_server: Any, viewer: ViewerPage) -> None:
    viewer.open(f"{live_server.url}/viewer/")
    viewer.wait_for_message("notice")
    assert viewer.message_code("notice") == "no_link"


def test_a_damaged_link_is_refused(live_server: Any, viewer: ViewerPage) -> None:
    viewer.open(f"{live_server.url}/viewer/#shlink:/eyJub3QiOiJhIGxpbmsifQ")
    viewer.wait_for_message("notice")
    assert viewer.message_code("notice") == "bad_link"


def test_an_insecure_page_says_it_needs_https(
    live_server: Any, viewer: ViewerPage, settings: Any
) -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, INSECURE_HOST]
    url, link = make_link(live_server.url, fixture_bundle())
    port = live_server.url.rsplit(":", 1)[1]
    viewer.open(url.replace(live_server.url, f"http://{INSECURE_HOST}:{port}"))
    assert viewer.js("return window.isSecureContext") is False
    assert "HTTPS" in viewer.wait_for_message("notice")
    assert viewer.message_code("notice") == "insecure" and link.requests == []
