"""Storing cleaned uploads, sealed under the patient's data key and bound to their row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from common.exceptions import PayloadTooLarge, ValidationFailed
from consultations.models import Attachment, Consultation, Message
from consultations.sealing import seal_bytes
from consultations.uploads import CleanFile, clean_upload


@dataclass(frozen=True)
class Upload:
    content_type: str  # as declared by the sender; checked against the bytes
    data: bytes


def uploads_clean(files: Sequence[Upload]) -> list[CleanFile]:
    """Clean every file before the transaction starts (decoding images takes time)."""
    if len(files) > settings.CONSULTATIONS_MAX_FILES:
        raise ValidationFailed(
            fields={"files": [_("At most %(n)d files.") % {"n": settings.CONSULTATIONS_MAX_FILES}]}
        )
    if sum(len(f.data) for f in files) > settings.CONSULTATIONS_MAX_TOTAL_BYTES:
        raise PayloadTooLarge(_("These files are too large together; send fewer at a time."))
    return [clean_upload(f.data, f.content_type) for f in files]


def attachments_store(
    *,
    consultation: Consultation,
    files: Sequence[CleanFile],
    uploaded_by: str,
    message: Message | None = None,
) -> list[Attachment]:
    rows = []
    for clean in files:
        row = Attachment(
            consultation=consultation,
            message=message,
            uploaded_by=uploaded_by,
            content_type=clean.content_type,
            size=len(clean.data),
        )
        row.data = seal_bytes(consultation.patient_id, row, "data", clean.data)
        row.save()
        rows.append(row)
    return rows
