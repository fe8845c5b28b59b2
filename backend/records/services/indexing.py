"""Filing an accepted submission into the index (run by a worker, or in-process when eager).

The unit of indexing is the document, not the submission: the document's rows are deleted
and rewritten from its current content, under its row lock, in one transaction. Whatever
order versions arrive in, and however often a task runs, the index ends up describing the
current version exactly once.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import orjson
from django.conf import settings
from django.utils import timezone

from accounts.selectors import may_store_health_data
from audit import services as audit
from common.actors import SYSTEM
from common.crypto.envelope import KeyDestroyed, data_key_for, decrypt_field
from records.models import (
    Document,
    DocumentStatus,
    DocumentVersion,
    IndexCode,
    IndexEntry,
    Submission,
    SubmissionStatus,
)
from records.services.queue import claim, release
from records.services.rows import Context, build_rows, code_subkey, received_date

logger = logging.getLogger("pocketchart.records")


class Rejected(Exception):
    """The submission can no longer be indexed (key destroyed, agreement withdrawn)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code)
        self.code, self.message = code, message


def submission_index(*, submission_id: uuid.UUID | str) -> str:
    """Index one submission's document. Returns stored, skipped or rejected."""
    if not claim(submission_id):
        return "skipped"  # stored already, or another worker holds a live lease
    submission = Submission.objects.select_related("organization").get(id=submission_id)
    try:
        if submission.attempts > settings.RECORDS_MAX_INDEX_ATTEMPTS:
            raise Rejected("too_many_attempts", "The record could not be indexed.")
        _index(submission)
    except Rejected as refusal:
        _reject(submission, refusal)
        return "rejected"
    except Exception:
        release(submission_id)  # the task retries; the sweeper if the retries run out
        raise
    return "stored"


def _index(submission: Submission) -> None:
    patient_id = submission.patient_id
    if not may_store_health_data(patient_id):
        raise Rejected("agreement_withdrawn", "The patient withdrew the health-data agreement.")
    try:
        key = data_key_for(patient_id)
    except KeyDestroyed:
        raise Rejected("key_destroyed", "The patient's records were deleted.") from None
    with audit.atomic():
        document = Document.objects.select_for_update().get(id=submission.document_id)
        source = _content_version(document)
        bundle = orjson.loads(
            decrypt_field(
                patient_id,
                bytes(source.payload),
                table="records_documentversion",
                row_id=source.id,
                field="payload",
                key=key,
            )
        )
        entries, codes = build_rows(bundle, _context(submission, document, source, bundle, key))
        _keep_hidden(document, entries)
        IndexCode.objects.filter(entry__document=document).delete()
        IndexEntry.objects.filter(document=document).delete()
        IndexEntry.objects.bulk_create(entries, batch_size=500)
        IndexCode.objects.bulk_create(codes, batch_size=1000)
        _mark_stored(submission)
        audit.record(
            actor=SYSTEM,
            action="record.index",
            patient_id=patient_id,
            object_type="document",
            object_id=document.id,
            detail={
                "submission": str(submission.id),
                "version": source.number,
                "entries": len(entries),
            },
        )


def _hidden_key(entry: IndexEntry) -> tuple[str, str, object]:
    return (entry.resource_type, entry.code_hash, entry.sort_date)


def _keep_hidden(document: Document, entries: list[IndexEntry]) -> None:
    """What the patient hid stays hidden when the hospital sends a new version.

    Resource ids and fullUrls are often regenerated per export, so "the same entry" is the
    same type, the same (keyed) code and the same date; an entry whose code or date changed
    is new information and shows again.
    """
    hidden = {
        _hidden_key(row)
        for row in IndexEntry.objects.filter(document=document, hidden=True).only(
            "resource_type", "code_hash", "sort_date"
        )
    }
    for entry in entries:
        if _hidden_key(entry) in hidden:
            entry.hidden = True


def _content_version(document: Document) -> DocumentVersion:
    """The newest version with content; a retraction only marks that content retracted."""
    versions = document.versions.order_by("-number")
    return versions.filter(retraction=False).first() or versions.first()  # type: ignore[return-value]


def _context(
    submission: Submission,
    document: Document,
    source: DocumentVersion,
    bundle: dict[str, Any],
    key: bytes,
) -> Context:
    return Context(
        patient_id=submission.patient_id,
        document_id=document.id,
        version=source,
        organization_id=document.organization_id,
        kind=document.kind,
        retracted=document.status == DocumentStatus.RETRACTED,
        received=received_date(bundle, source.created_at, submission.organization.time_zone),
        key=key,
        code_key=code_subkey(key),
    )


def _mark_stored(submission: Submission) -> None:
    Submission.objects.filter(id=submission.id, status=SubmissionStatus.PROCESSING).update(
        status=SubmissionStatus.STORED,
        lease_until=None,
        indexed_at=timezone.now(),
        updated_at=timezone.now(),
    )


def _reject(submission: Submission, refusal: Rejected) -> None:
    issue = {"severity": "error", "code": "processing", "diagnostics": refusal.message}
    with audit.atomic():
        Submission.objects.filter(id=submission.id).update(
            status=SubmissionStatus.REJECTED,
            lease_until=None,
            issues=[*submission.issues, issue],
            updated_at=timezone.now(),
        )
        audit.record(
            actor=SYSTEM,
            action="record.index",
            outcome="failure",
            patient_id=submission.patient_id,
            object_type="submission",
            object_id=submission.id,
            detail={"reason": refusal.code},
        )
    logger.warning("submission %s rejected at indexing: %s", submission.id, refusal.code)
