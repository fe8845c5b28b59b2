"""The staff console in a real browser at 1366×768: sign in with TOTP by keyboard, open the
queue, accept a request, propose a time, answer; another hospital's staff cannot open it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.e2e.staff.conftest import Console


def test_a_coordinator_triages_a_request_from_abroad(console: Console, requests_in_queue, sam):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    rash = requests_in_queue["rash"]
    console.open("/staff/")
    assert console.path().startswith("/staff/sign-in")
    console.screenshot("01-sign-in")
    console.sign_in_by_keyboard(sam)
    assert console.path() == "/staff/"

    text = console.text()
    assert "김앨리스" in text and "interpreter" in text and "2 requests" in text
    assert "KST" in text and ("PST" in text or "PDT" in text)
    console.screenshot("02-queue")
    # The first Tab reaches the skip link, which jumps over the header to the content.
    console.press(Keys.TAB)
    assert console.focused().text == "Skip to main content"
    console.press(Keys.ENTER)
    assert console.focused().get_attribute("id") == "main"

    console.find(f'a[href="/staff/consultations/{rash["id"]}"]').click()
    console.wait(lambda d: "The rash came back" in d.find_element("tag name", "body").text)
    assert "Condition" in console.text()  # the included records, through the consent policy
    console.screenshot("03-request")

    console.find("a.photo").click()  # click to enlarge
    console.wait(lambda d: d.execute_script("return document.getElementById('lightbox').open"))
    assert (
        console.driver.execute_script("return document.querySelector('#lightbox img').naturalWidth")
        == 960
    )
    console.screenshot("04-photo-enlarged")
    console.press(Keys.ESCAPE)
    console.wait(lambda d: not d.execute_script("return document.getElementById('lightbox').open"))
    assert console.focused().get_attribute("class") == "photo"  # focus returns to the photo

    console.find(".action-accept button").click()
    console.wait(lambda d: "Accepted. The patient has been told." in d.page_source)

    day = (datetime.now(UTC) + timedelta(days=7)).date().isoformat()
    field = console.find("#proposeform-starts_at")
    console.driver.execute_script("arguments[0].value = arguments[1]", field, f"{day}T09:30")
    Select(console.find("#proposeform-time_zone")).select_by_value("America/Los_Angeles")
    console.find(".action-propose button").click()
    console.wait(lambda d: "Time proposed." in d.page_source)
    assert f"{day} 09:30 P" in console.text()  # the patient's 09:30, Pacific time
    console.screenshot("05-time-proposed")

    console.find("#answerform-body").send_keys("Keep the cream twice a day; no biopsy needed.")
    console.find(".action-answer button").click()
    console.wait(lambda d: "Answer sent." in d.page_source)
    assert "Answered" in console.text() and "no biopsy needed" in console.text()
    console.screenshot("06-answered")
    console.screenshot("06b-answered-whole-page", whole_page=True)

    from consultations.models import Consultation

    assert Consultation.objects.get(id=rash["id"]).state == "answered"


def test_another_hospitals_staff_cannot_open_it(console: Console, requests_in_queue, busan_staff):
    console.sign_in_by_keyboard(busan_staff)
    assert "김앨리스" not in console.text()
    console.open(f"/staff/consultations/{requests_in_queue['rash']['id']}")
    assert "Not found." in console.text() and "rash" not in console.text()
    console.screenshot("07-other-hospital-404")


def test_the_corrections_tab_and_sign_out(console: Console, requests_in_queue, sam: Any):
    console.sign_in_by_keyboard(sam, steps_ahead=1)
    console.find('a[href="/staff/corrections"]').click()
    console.wait(lambda d: "Correction requests" in d.title)
    assert "The diagnosis date should be 3 March, not 3 May." in console.text()
    console.screenshot("08-corrections")
    console.sign_out()
    console.open("/staff/")
    assert console.path().startswith("/staff/sign-in")


def test_typing_is_not_idle_but_an_unattended_screen_signs_out(
    console: Console, requests_in_queue, sam, settings
):
    import time

    settings.ACCOUNTS_STAFF_IDLE_MINUTES = 0.1  # 6 seconds: the warning shows 3 s before
    console.sign_in_by_keyboard(sam)
    console.open(f"/staff/consultations/{requests_in_queue['rash']['id']}")
    console.find("#declineform-reason").send_keys("A draft the warning must not lose")
    typed = time.monotonic()
    # Typing kept the session alive in the background: the warning comes only a whole idle
    # period after that, and the page is still the request.
    console.wait(lambda d: d.find_element("id", "idle-warning").is_displayed())
    assert time.monotonic() - typed > 8
    assert "/staff/consultations/" in console.path()
    assert console.focused().text == "Stay signed in"  # the keyboard lands on the button
    console.screenshot("09-idle-warning")
    console.press("\n")  # Enter on the focused button: kept alive in the background
    console.wait(lambda d: not d.find_element("id", "idle-warning").is_displayed())
    draft = console.find("#declineform-reason").get_attribute("value")
    assert draft == "A draft the warning must not lose"
    console.wait(lambda d: "idle=1" in d.current_url)  # then nobody answers: signed out
    assert "signed out because the screen was idle" in console.text()
    console.open("/staff/")
    assert console.path().startswith("/staff/sign-in")
