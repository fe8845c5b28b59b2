"""Headless Chromium driving the viewer on pytest-django's live server.

Chromium comes from Debian (`chromium chromium-driver`, listed in .ci/apt-packages.txt) and
selenium is given the driver's path, so nothing is ever downloaded. Without them these tests
skip, which PHR_REQUIRE_ALL=1 (CI) turns into failures. Screenshots go to
var/screenshots/viewer/ and their paths are printed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots" / "viewer"
INSECURE_HOST = "insecure.test"  # resolves to 127.0.0.1 but is not a secure context
WAIT_SECONDS = 20


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
        "--window-size=1280,1600",
        "--lang=en-US",
        f"--host-resolver-rules=MAP {INSECURE_HOST} 127.0.0.1",
    ):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(WAIT_SECONDS)
    yield driver
    driver.quit()


class ViewerPage:
    """What a doctor does with the viewer, in the page's own terms."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver

    def open(self, url: str) -> ViewerPage:
        # From a blank page, so that a URL differing only in its #fragment still loads anew.
        self.driver.get("about:blank")
        self.driver.get(url)
        self.wait(lambda d: d.execute_script("return document.body.dataset.ready === '1'"))
        return self

    def wait(self, condition: Any) -> Any:
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, WAIT_SECONDS).until(condition)

    def by_id(self, element_id: str) -> Any:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.ID, element_id)

    def choose_language(self, code: str) -> None:
        from selenium.webdriver.support.ui import Select

        Select(self.by_id("language")).select_by_value(code)
        self.wait(lambda d: d.execute_script("return document.documentElement.lang") == code)

    def sign(self, name: str, passcode: str | None = None) -> None:
        field = self.by_id("recipient")
        field.clear()
        field.send_keys(name)
        if passcode is not None:
            secret = self.by_id("passcode")
            secret.clear()
            secret.send_keys(passcode)
        self.by_id("open").click()

    def wait_for_record(self) -> None:
        self.wait(lambda d: d.execute_script("return document.body.dataset.state === 'shown'"))

    def wait_for_message(self, element_id: str) -> str:
        self.wait(lambda d: d.find_element("id", element_id).is_displayed())
        return str(self.by_id(element_id).text)

    def message_code(self, element_id: str) -> str:
        return str(self.by_id(element_id).get_attribute("data-code"))

    def section_text(self, key: str) -> str:
        script = "return document.querySelector(`[data-section='${arguments[0]}']`).innerText"
        return str(self.driver.execute_script(script, key))

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        height = self.js("return document.documentElement.scrollHeight")
        self.driver.set_window_size(1280, max(900, min(int(height) + 40, 4000)))
        self.driver.save_screenshot(str(path))
        print(f"screenshot: {path}")
        return path

    def print_pdf(self, name: str) -> Path:
        """What the print button gives: Chromium's own A4 rendering of the print stylesheet."""
        import base64

        result = self.driver.execute_cdp_cmd(
            "Page.printToPDF",
            {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True},
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.pdf"
        path.write_bytes(base64.b64decode(result["data"]))
        print(f"print preview: {path}")
        return path


@pytest.fixture
def viewer(chromium: Any) -> Iterator[ViewerPage]:
    chromium.delete_all_cookies()
    chromium.set_window_size(1280, 1600)
    yield ViewerPage(chromium)
    chromium.get("about:blank")


def fixture_bundle(name: str = "IPS_IG-bundle-01.json") -> dict[str, Any]:
    path = Path(__file__).resolve().parents[2] / "fixtures" / "shl" / name
    return dict(json.loads(path.read_text("utf-8")))


# The sharing tests' patient, records and API client, for links made through the real API.
from tests.backend.sharing.conftest import (  # noqa: E402, F401
    _in_process_tasks,
    _roomy_limits,
    alice_api,
    alice_records,
    push,
)
