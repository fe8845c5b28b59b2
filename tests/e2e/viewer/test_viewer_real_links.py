"""End to end through the real sharing server: a patient makes a passcode link with
POST /api/v1/me/shares, a doctor opens it in the viewer in Japanese, the patient sees the
access, revokes the link, and the next open says the link is no longer available."""

from __future__ import annotations

from typing import Any

import pytest

from shared.terminology import display_for
from tests.backend.sharing.conftest import MEDICATION_TEXT, medication
from tests.e2e.viewer.conftest import ViewerPage

pytestmark = pytest.mark.django_db(transaction=True)
PASSCODE = "sato-4711"


@pytest.fixture
def served(live_server: Any, settings: Any) -> Any:
    settings.PUBLIC_BASE_URL = live_server.url  # links and manifests point at the live server
    return live_server


def test_a_shared_summary_is_read_in_japanese_until_the_patient_revokes_it(
    served: Any, alice_api: Any, alice_records: Any, viewer: ViewerPage
) -> None:
    made = alice_api.post(
        "/api/v1/me/shares",
        {"summary": True, "expiry": "1d", "passcode": PASSCODE, "label": "For Dr Sato"},
        format="json",
    ).json()
    assert made["viewer_url"].startswith(f"{served.url}/viewer/#shlink:/")

    viewer.open(made["viewer_url"])
    viewer.choose_language("ja")
    viewer.sign("佐藤医師", "not-the-passcode")
    assert "残りの試行回数:9" in viewer.wait_for_message("form-error")
    viewer.sign("佐藤医師", PASSCODE)
    viewer.wait_for_record()
    medications = viewer.section_text("medications")
    concept = medication()["medicationCodeableConcept"]
    assert str(display_for(concept, "ja").translation) in medications
    assert MEDICATION_TEXT in medications  # the hospital's own words are kept
    viewer.screenshot("10-real-link-ja")

    share_id = made["share"]["id"]
    accesses = alice_api.get(f"/api/v1/me/shares/{share_id}").json()["accesses"]
    assert ("佐藤医師", "success") in {(a["recipient"], a["outcome"]) for a in accesses}

    assert alice_api.post(f"/api/v1/me/shares/{share_id}/revoke").status_code == 200
    viewer.open(made["viewer_url"])
    viewer.choose_language("ja")
    viewer.sign("佐藤医師", PASSCODE)
    text = viewer.wait_for_message("notice")
    assert viewer.message_code("notice") == "gone" and "取り消" in text
    viewer.screenshot("11-real-link-revoked-ja")
