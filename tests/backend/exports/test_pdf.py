"""GET /api/v1/me/export/pdf: a printable summary in six languages, every glyph embedded."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont

from audit.models import AuditEvent
from shared import fonts as shared_fonts
from tests.backend.exports.pdfcheck import embedded_fonts

LANGUAGES = ["ko", "en", "ja", "zh-Hans", "zh-Hant", "th"]
GARUDA = {c for t in TTFont(shared_fonts.FONTS["Garuda"].path)["cmap"].tables for c in t.cmap}


def artifacts(tmp_path: Path) -> Path:
    """PNGs land in PHR_TEST_ARTIFACTS when set (to look at), else in the test's tmp."""
    folder = Path(os.environ.get("PHR_TEST_ARTIFACTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pdf_text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def render(pdf: bytes, folder: Path, stem: str) -> list[Path]:
    paths = []
    for number, page in enumerate(pdfium.PdfDocument(pdf), start=1):
        image = page.render(scale=1.5).to_pil()
        assert image.convert("L").getextrema()[0] < 100, "a page rendered blank"
        path = folder / f"{stem}-p{number}.png"
        image.save(path)
        paths.append(path)
    return paths


def expected_text(summary: dict, name: str) -> str:
    lines = [summary["title"], name]
    for section in summary["sections"]:
        for item in section["items"]:
            text = (item["coded"] or {}).get("text") or {}
            lines += [section["title"], item["display"], text.get("translation") or ""]
            lines += [text.get("label") or "", item["status_label"]]
            lines += [source["name"] for source in item["sources"]]
    return "".join(lines)


def uncovered(text: str, drawn: set[str], pua_used: bool) -> set[str]:
    """Characters with no glyph of their own in the PDF. A Thai mark HarfBuzz replaced by a
    positional variant (a private-use code in ToUnicode) counts as drawn when Garuda has it."""
    missing = set()
    for char in set(text):
        if char.isspace() or char in drawn:
            continue
        thai_variant = "\u0e00" <= char <= "\u0e7f" and pua_used and ord(char) in GARUDA
        if not thai_variant:
            missing.add(char)
    return missing


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_character_of_the_pdf_has_an_embedded_glyph(
    api, alice, alice_records, language, tmp_path
):
    client = api(alice)
    response = client.get("/api/v1/me/export/pdf", {"lang": language})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    (artifacts(tmp_path) / f"summary-{language}.pdf").write_bytes(response.content)
    fonts, unembedded = embedded_fonts(response.content)
    assert unembedded == [], "every font must be an embedded TrueType font"
    assert fonts and all(font.bad_codes == [] for font in fonts)
    drawn = {text for font in fonts for text in font.chars.values()}
    pua = any("\ue000" <= t <= "\uf8ff" for t in drawn)
    summary = client.get("/api/v1/me/summary", {"lang": language}).json()
    assert uncovered(expected_text(summary, alice.name), drawn, pua) == set()
    pages = render(response.content, artifacts(tmp_path), f"summary-{language}")
    assert pages


def test_thai_is_shaped_by_harfbuzz(api, alice, alice_records):
    alice.name = "สมชาย ใจดี ผู้ป่วย"
    alice.save(update_fields=["name"])
    pdf = api(alice).get("/api/v1/me/export/pdf", {"lang": "th"}).content
    fonts, _ = embedded_fonts(pdf)
    garuda = [f for f in fonts if f.base_font.endswith("Garuda")]
    # HarfBuzz swapped marks for Garuda's positional variants (lowered tone marks and the
    # like), which reportlab embeds under private-use codes: proof the text was shaped.
    assert any("\ue000" <= t <= "\uf8ff" for f in garuda for t in f.chars.values())
    marks = [c for c in "ผู้ป่วย" if unicodedata.category(c) == "Mn"]
    assert marks and all(ord(c) in GARUDA for c in marks)


def test_the_pdf_shows_originals_sources_page_numbers_and_local_time(api, alice, alice_records):
    response = api(alice).get("/api/v1/me/export/pdf", {"lang": "en"})
    text = pdf_text(response.content)
    assert "Page 1 of " in text
    assert "(Asia/Seoul)" in text
    assert "Sources: Seoul General Hospital" in text
    summary = api(alice).get("/api/v1/me/summary", {"lang": "en"}).json()
    translated = [
        item
        for section in summary["sections"]
        for item in section["items"]
        if (item["coded"]["text"] or {}).get("translation")
    ]
    assert translated, "the fixtures hold a coded value we translate"
    for item in translated:
        assert item["coded"]["text"]["translation"] in text
        assert f"Original: {item['display']}" in text
    [event] = AuditEvent.objects.filter(action="record.export.pdf")
    assert event.patient_id == str(alice.id) and event.detail["language"] == "en"


def test_hidden_entries_are_not_printed(api, alice, alice_records):
    client = api(alice)
    summary = client.get("/api/v1/me/summary", {"lang": "en"}).json()
    item = next(i for s in summary["sections"] for i in s["items"])
    assert item["display"] in pdf_text(client.get("/api/v1/me/export/pdf?lang=en").content)
    assert client.post(f"/api/v1/me/records/{item['id']}/hide").status_code == 200
    assert item["display"] not in pdf_text(client.get("/api/v1/me/export/pdf?lang=en").content)


def test_an_unknown_language_is_refused(api, alice):
    response = api(alice).get("/api/v1/me/export/pdf", {"lang": "xx"})
    assert response.status_code == 400


def test_only_patients_print_summaries(api, staff_member):
    assert api().get("/api/v1/me/export/pdf").status_code == 401
    assert api(staff_member).get("/api/v1/me/export/pdf").status_code == 403
