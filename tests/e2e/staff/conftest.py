"""Headless Chromium driving the staff console on pytest-django's live server.

Chromium comes from Debian (`chromium chromium-driver`, listed in .ci/apt-packages.txt) and
selenium is given the driver's path, so nothing is downloaded. Without them these tests skip,
which PHR_REQUIRE_ALL=1 (CI) turns into failures. The window is a 1366×768 hospital PC;
screenshots go to var/screenshots/staff/ and their paths are printed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.backend.consultations import conftest as consultations_fixtures
from tests.backend.consultations.conftest import create, give_transfer, request_body, upload
from tests.personas import PASSWORD, otp_for

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots" / "staff"
WIDTH, HEIGHT = 1366, 768
WAIT_SECONDS = 20

# The consultation personas, by name (pytest finds fixtures among a conftest's globals).
_in_process_tasks = consultations_fixtures._in_process_tasks
alice_abroad = consultations_fixtures.alice_abroad
alice_records = consultations_fixtures.alice_records
busan_staff = consultations_fixtures.busan_staff
consent_to_doctor = consultations_fixtures.consent_to_doctor
sam = consultations_fixtures.sam


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip(
            "Chromium is not installed: apt-get install chromium chromium-driver "
            "(see .ci/apt-packages.txt)"
        )
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-dev-shm-usage",
        f"--window-size={WIDTH},{HEIGHT}",
        "--lang=en-US",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(WAIT_SECONDS)
    yield driver
    driver.quit()


class Console:
    """What a coordinator does in the console, in the page's own terms."""

    def __init__(self, driver: Any, base_url: str) -> None:
        self.driver = driver
        self.base = base_url

    def open(self, path: str) -> None:
        self.driver.get(f"{self.base}{path}")

    def find(self, css: str) -> Any:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def wait(self, condition: Any) -> Any:
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, WAIT_SECONDS).until(condition)

    def text(self) -> str:
        return str(self.find("body").text)

    def path(self) -> str:
        return str(self.driver.execute_script("return location.pathname + location.search"))

    def focused(self) -> Any:
        return self.driver.switch_to.active_element

    def press(self, *keys: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        chain = ActionChains(self.driver)
        for key in keys:
            chain.send_keys(key)
        chain.perform()

    def sign_in_by_keyboard(self, user: Any, steps_ahead: int = 0) -> None:
        """Email, Tab, password, Tab, code, Enter: the form works without a mouse."""
        from selenium.webdriver.common.keys import Keys

        self.open("/staff/sign-in")
        self.find("#id_email").click()
        code = otp_for(user, steps_ahead=steps_ahead)
        self.press(user.email, Keys.TAB, PASSWORD, Keys.TAB, code, Keys.ENTER)
        self.wait(lambda d: "/sign-in" not in d.current_url)

    def sign_out(self) -> None:
        self.find(".who button").click()
        self.wait(lambda d: "signed_out=1" in d.current_url)

    def screenshot(self, name: str, *, whole_page: bool = False) -> Path:
        """What a 1366×768 screen shows; or the whole page at that width, to read it all."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        if whole_page:
            height = int(self.driver.execute_script("return document.body.scrollHeight"))
            self.driver.set_window_size(WIDTH, min(height + 160, 4000))
        self.driver.save_screenshot(str(path))
        self.driver.set_window_size(WIDTH, HEIGHT)
        print(f"screenshot: {path}")
        return path


@pytest.fixture
def console(chromium: Any, live_server: Any) -> Iterator[Console]:
    chromium.delete_all_cookies()
    chromium.set_window_size(WIDTH, HEIGHT)
    yield Console(chromium, live_server.url)
    chromium.get("about:blank")


def rash_photo() -> bytes:
    """A stand-in for a patient's phone photo: skin tone with a red patch."""
    from PIL import Image, ImageDraw, ImageFilter

    image = Image.new("RGB", (960, 720), (224, 182, 160))
    draw = ImageDraw.Draw(image)
    draw.ellipse((330, 230, 640, 470), fill=(196, 92, 88))
    draw.ellipse((600, 380, 700, 450), fill=(205, 110, 100))
    out = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(18)).save(out, "JPEG", quality=85)
    return out.getvalue()


@pytest.fixture
def requests_in_queue(
    alice_records: str, consent_to_doctor: Any, hospital_a: Any, sam: Any, api: Any
) -> dict[str, Any]:
    """alice's request with a photo and her records, a second one in Korean with an
    interpreter, and her request to correct one of hospital_a's records."""
    from records.models import IndexEntry

    body = request_body(
        hospital_a,
        include_documents=[alice_records],
        include_sections=["problems"],
        preferred_slots=[{"start": "2099-06-10T09:00", "minutes": 30}],
    )
    photo = upload("rash.jpg", rash_photo(), "image/jpeg")
    client = api(consent_to_doctor)
    first = create(client, body, [photo])
    assert first.status_code == 201, first.content
    give_transfer(client, "Dr Jane Smith", "US")
    second = create(
        client,
        request_body(
            hospital_a,
            department="Orthopaedics",
            reason="Knee pain after the operation in March.",
            language="ko",
            interpreter_needed=True,
        ),
    )
    assert second.status_code == 201, second.content
    entry = IndexEntry.objects.filter(patient=consent_to_doctor, resource_type="Condition").first()
    assert entry is not None
    asked = client.post(
        f"/api/v1/me/records/{entry.id}/corrections",
        {"text": "The diagnosis date should be 3 March, not 3 May."},
        format="json",
    )
    assert asked.status_code == 201, asked.content
    return {"rash": first.json(), "knee": second.json()}
