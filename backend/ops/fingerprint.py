"""What must survive a backup and restore, reduced to comparable digests.

Used by the restore tests and the restore drill: every patient's decrypted documents and
attachments (SHA-256 of the plaintext, so the comparison proves the data keys still unwrap
and the payloads still open), their grants, and the audit chain (length, head hash, intact).
A patient whose data key was destroyed shows as "shredded" with nothing readable.
"""

from __future__ import annotations

import hashlib
from typing import Any

from accounts.models import User
from audit.models import AuditEvent
from audit.verify import verify_links
from common.crypto.envelope import KeyDestroyed, data_key_for, decrypt_field
from consent.models import Grant
from records.models import Attachment, DocumentVersion

GRANT_FIELDS = ("id", "grantee_type", "grantee_id", "purpose", "status", "starts_at", "expires_at")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _opened(patient_id: Any, key: bytes, table: str, row_id: Any, blob: bytes | memoryview) -> str:
    field = "payload" if table == "records_documentversion" else "data"
    plain = decrypt_field(patient_id, bytes(blob), table=table, row_id=row_id, field=field, key=key)
    return _digest(plain)


def patient_fingerprint(patient: User) -> dict[str, Any]:
    try:
        key = data_key_for(patient.id)
    except KeyDestroyed:
        return {"shredded": True}
    versions = DocumentVersion.objects.filter(document__patient=patient).order_by("id")
    attachments = Attachment.objects.filter(patient=patient).order_by("id")
    grants = Grant.objects.filter(patient=patient).order_by("id").values_list(*GRANT_FIELDS)
    return {
        "documents": {
            str(v.id): _opened(patient.id, key, "records_documentversion", v.id, v.payload)
            for v in versions
        },
        "attachments": {
            str(a.id): _opened(patient.id, key, "records_attachment", a.id, a.data)
            for a in attachments
        },
        "grants": [[str(value) for value in row] for row in grants],
    }


def audit_fingerprint(*, up_to: int | None = None) -> dict[str, Any]:
    events = AuditEvent.objects.order_by("seq")
    if up_to is not None:
        events = events.filter(seq__lte=up_to)
    head = events.reverse().values_list("seq", "hash").first()
    return {"events": events.count(), "head": list(head) if head else None}


def fingerprint(*, audit_up_to: int | None = None) -> dict[str, Any]:
    patients = User.objects.filter(role="patient").order_by("id")
    return {
        "patients": {str(p.id): patient_fingerprint(p) for p in patients},
        "audit": audit_fingerprint(up_to=audit_up_to),
        "audit_intact": verify_links().ok,
    }
