"""Photos and documents: type sniffed, metadata gone, size and pixel limits, sealed at rest."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, PngImagePlugin

from tests.backend.consultations.conftest import (
    URL,
    create,
    jpeg,
    request_body,
    upload,
)

GPS_IFD = 0x8825
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _gps_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[GPS_IFD] = {1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 41.0)}
    data = jpeg(exif=exif)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD), "the test photo has GPS"
    return data


def _png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "37.5665,126.9780")
    info.add_itxt("Comment", "taken at home", zip=True)
    out = io.BytesIO()
    Image.new("RGBA", (32, 32), (0, 128, 0, 255)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def _huge_png(width: int, height: int) -> bytes:
    """A tiny file whose header claims a huge image: a decompression bomb's calling card."""
    data = bytearray(_png_with_text())
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


def _post(client, hospital, *files):
    return create(client, request_body(hospital), files=list(files))


def _stored(client, created):
    attachment = created["attachments"][0]
    response = client.get(f"{URL}/{created['id']}/files/{attachment['id']}")
    assert response.status_code == 200
    assert response["Content-Type"] == attachment["content_type"]
    assert "sandbox" in response["Content-Security-Policy"]
    return response.content


def test_gps_and_camera_exif_are_gone_after_upload(consent_to_doctor, hospital_a, api):
    client = api(consent_to_doctor)
    created = _post(client, hospital_a, upload("rash.jpg", _gps_jpeg(), "image/jpeg")).json()
    stored = _stored(client, created)
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and image.size == (64, 48)
    assert not image.getexif()
    assert b"Exif" not in stored and b"PhoneMaker" not in stored


def test_png_text_chunks_are_gone_after_upload(consent_to_doctor, hospital_a, api):
    client = api(consent_to_doctor)
    created = _post(client, hospital_a, upload("rash.png", _png_with_text(), "image/png")).json()
    stored = _stored(client, created)
    assert Image.open(io.BytesIO(stored)).format == "PNG"
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"eXIf"):
        assert chunk not in stored


def test_a_pdf_is_accepted_and_sealed_at_rest(consent_to_doctor, hospital_a, api):
    from consultations.models import Attachment

    client = api(consent_to_doctor)
    created = _post(client, hospital_a, upload("letter.pdf", PDF, "application/pdf")).json()
    assert _stored(client, created) == PDF
    assert b"%PDF" not in bytes(Attachment.objects.get().data)


def test_a_png_claiming_to_be_a_jpeg_is_refused(consent_to_doctor, hospital_a, api):
    from consultations.models import Consultation

    response = _post(
        api(consent_to_doctor), hospital_a, upload("x.jpg", _png_with_text(), "image/jpeg")
    )
    assert response.status_code == 415
    assert not Consultation.objects.exists()


def test_text_claiming_to_be_a_jpeg_is_refused(consent_to_doctor, hospital_a, api):
    response = _post(api(consent_to_doctor), hospital_a, upload("x.jpg", b"<html>hi", "image/jpeg"))
    assert response.status_code == 415


def test_a_broken_jpeg_is_refused_as_unreadable(consent_to_doctor, hospital_a, api):
    broken = b"\xff\xd8\xff\xe0" + b"\x00" * 64
    response = _post(api(consent_to_doctor), hospital_a, upload("x.jpg", broken, "image/jpeg"))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_image"


def test_an_oversized_file_is_refused(consent_to_doctor, hospital_a, api, settings):
    settings.CONSULTATIONS_MAX_FILE_BYTES = 100_000
    response = _post(
        api(consent_to_doctor),
        hospital_a,
        upload("big.pdf", PDF + b"0" * 150_000, "application/pdf"),
    )
    assert response.status_code == 413


def test_too_many_files_are_refused(consent_to_doctor, hospital_a, api, settings):
    settings.CONSULTATIONS_MAX_FILES = 2
    files = [upload(f"{i}.pdf", PDF, "application/pdf") for i in range(3)]
    assert _post(api(consent_to_doctor), hospital_a, *files).status_code == 400


def test_a_decompression_bomb_is_refused_with_400_not_500(consent_to_doctor, hospital_a, api):
    bomb = _huge_png(40_000, 40_000)  # 1.6 gigapixels claimed by a 200-byte file
    response = _post(api(consent_to_doctor), hospital_a, upload("bomb.png", bomb, "image/png"))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "image_too_large"


def test_an_image_over_our_own_pixel_limit_is_refused_before_decoding(
    consent_to_doctor, hospital_a, api
):
    # 50 megapixels: under Pillow's own bomb threshold, over ours.
    big = _huge_png(10_000, 5_000)
    response = _post(api(consent_to_doctor), hospital_a, upload("big.png", big, "image/png"))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "image_too_large"


def test_another_patients_attachment_is_404(consent_to_doctor, hospital_a, api, bob):
    client = api(consent_to_doctor)
    created = _post(client, hospital_a, upload("rash.jpg", jpeg(), "image/jpeg")).json()
    attachment = created["attachments"][0]["id"]
    assert api(bob).get(f"{URL}/{created['id']}/files/{attachment}").status_code == 404
    assert client.get(f"{URL}/{created['id']}/files/not-an-id").status_code == 404
