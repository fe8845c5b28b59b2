"""DocumentReference attachments: the bytes decide the type; stored sealed, apart."""

from __future__ import annotations

import pytest

from common.crypto.envelope import decrypt_field
from records.models import Attachment, DocumentVersion, Submission
from tests.backend.records import bundles
from tests.backend.records.test_push import stored_bundle

pytestmark = pytest.mark.django_db


def push_attachment(push, hospital, data: bytes, content_type: str | None):
    reference = bundles.document_reference(data, content_type)
    return push(hospital, bundles.collection(reference, identifier="scan-1"))


@pytest.mark.parametrize(
    ("data", "declared"),
    [(bundles.PDF, "application/pdf"), (bundles.PNG, "image/png"), (bundles.JPEG, "image/jpeg")],
)
def test_pdf_png_and_jpeg_are_stored_as_separate_sealed_blobs(
    push, hospital_a, linked_alice, data, declared
):
    response = push_attachment(push, hospital_a, data, declared)
    assert response.status_code == 202, response.content
    attachment = Attachment.objects.get()
    assert attachment.content_type == declared and attachment.size == len(data)
    assert data not in bytes(attachment.data)
    plain = decrypt_field(
        attachment.patient_id,
        bytes(attachment.data),
        table="records_attachment",
        row_id=attachment.id,
        field="data",
    )
    assert plain == data


def test_the_stored_bundle_points_to_the_blob_instead_of_carrying_it(
    push, hospital_a, linked_alice
):
    push_attachment(push, hospital_a, bundles.PDF, "application/pdf")
    attachment = Attachment.objects.get()
    stored = stored_bundle(DocumentVersion.objects.get())
    moved = stored["entry"][1]["resource"]["content"][0]["attachment"]
    assert "data" not in moved
    assert moved["url"] == f"urn:uuid:{attachment.id}" and moved["size"] == len(bundles.PDF)


def test_a_label_that_disagrees_with_the_bytes_is_corrected_with_a_warning(
    push, hospital_a, linked_alice
):
    response = push_attachment(push, hospital_a, bundles.PDF, "image/png")
    assert response.status_code == 202
    assert Attachment.objects.get().content_type == "application/pdf"
    warning = response.json()["issues"][-1]
    assert warning["severity"] == "warning"
    assert warning["expression"] == ["Bundle.entry[1].resource.content[0].attachment.contentType"]


def test_a_missing_label_is_filled_in_from_the_bytes(push, hospital_a, linked_alice):
    assert push_attachment(push, hospital_a, bundles.JPEG, None).status_code == 202
    assert Attachment.objects.get().content_type == "image/jpeg"


def test_a_pdf_label_on_bytes_that_are_not_pdf_is_refused(push, hospital_a, linked_alice):
    response = push_attachment(push, hospital_a, b"just some text", "application/pdf")
    assert response.status_code == 422
    issue = response.json()["issue"][0]
    assert issue["expression"] == ["Bundle.entry[1].resource.content[0].attachment"]
    assert not Submission.objects.exists() and not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("data", "declared"),
    [
        (b"<html><script>alert(1)</script></html>", "text/html"),
        (b"\x00\x01\x02binary", "application/octet-stream"),
        (b"\x00\x01\x02binary", "text/plain"),
        (b"GIF89a....", "image/gif"),
    ],
)
def test_other_types_are_refused(push, hospital_a, linked_alice, data, declared):
    response = push_attachment(push, hospital_a, data, declared)
    assert response.status_code == 422
    assert response.json()["issue"][0]["code"] == "not-supported"


def test_utf8_plain_text_notes_are_kept_as_text(push, hospital_a, linked_alice):
    note = "Follow-up in two weeks. 2주 후 재진.".encode()
    response = push_attachment(push, hospital_a, note, "text/plain; charset=utf-8")
    assert response.status_code == 202
    assert Attachment.objects.get().content_type == "text/plain; charset=utf-8"
