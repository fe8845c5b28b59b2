"""Pushed records: submissions, documents and their versions, attachments, and the index.

What stays in clear and why is written down in docs/decisions.md ("Index: columns in clear"):
ids, kinds, resource types, sections, dates with their precision, statuses, the source
organization and sizes. Everything a person wrote or coded (names, codes, displays, notes,
the resources themselves, attachment bytes) is sealed with the patient's data key
(common.crypto.envelope), and codes are findable only through keyed hashes (blind index).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from common.models import BaseModel


class SubmissionStatus(models.TextChoices):
    QUEUED = "queued"
    PROCESSING = "processing"
    STORED = "stored"
    REJECTED = "rejected"


class DocumentStatus(models.TextChoices):
    CURRENT = "current"
    RETRACTED = "retracted"  # the sender marked it entered-in-error


class Document(BaseModel):
    """One record the hospital keeps sending under one identity; its content is versioned.

    `identity_hash` is a keyed hash (per-patient key) of `Bundle.identifier` system|value, or
    of the content hash for a Bundle without an identifier: re-pushes find their document by
    it, and the unique constraint makes concurrent identical pushes collapse into one row.
    """

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="documents"
    )
    organization = models.ForeignKey(
        "hospitals.Organization", on_delete=models.PROTECT, related_name="documents"
    )
    identity_hash = models.CharField(max_length=32)
    bundle_type = models.CharField(max_length=16)  # document, collection, transaction
    kind = models.CharField(max_length=32)  # ips, referral, ..., document, record-set
    status = models.CharField(
        max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.CURRENT
    )
    current_version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "organization", "identity_hash"],
                name="records_document_identity",
            )
        ]
        indexes = [models.Index(fields=["patient", "status"], name="records_doc_patient_status")]

    def __str__(self) -> str:
        return f"document {self.id} v{self.current_version} ({self.status})"


class DocumentVersion(BaseModel):
    """One content of a document, as pushed (RRNs removed, attachment bytes moved out).

    Earlier versions are kept and stay readable: corrections keep the original (EMR notice).
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=32)  # keyed hash of bundle_content_hash
    retraction = models.BooleanField(default=False)  # this version marks it entered-in-error
    payload = models.BinaryField()  # the Bundle JSON, compressed then sealed
    payload_bytes = models.PositiveIntegerField()  # plaintext size, for operations
    entry_count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="records_version_number")
        ]

    def __str__(self) -> str:
        return f"version {self.number} of {self.document_id}"


class Submission(BaseModel):
    """One accepted push: its processing state, its warnings, and who sent it.

    Refused pushes leave no row (nothing is stored); a duplicate push answers with the
    submission that first stored the content.
    """

    client = models.ForeignKey(
        "hospitals.SystemClient", on_delete=models.PROTECT, related_name="submissions"
    )
    organization = models.ForeignKey(
        "hospitals.Organization", on_delete=models.PROTECT, related_name="submissions"
    )
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions"
    )
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="submissions")
    version = models.OneToOneField(
        DocumentVersion, on_delete=models.CASCADE, related_name="submission"
    )
    status = models.CharField(
        max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.QUEUED
    )
    # OperationOutcome issues (our wording and FHIRPath locations, never submitted values).
    issues = models.JSONField(default=list, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    indexed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The sweeper's scan: only unfinished rows are in this index.
            models.Index(
                fields=["status", "lease_until", "created_at"],
                name="records_sub_pending",
                condition=models.Q(status__in=["queued", "processing"]),
            ),
            models.Index(fields=["client", "created_at"], name="records_sub_client"),
        ]

    def __str__(self) -> str:
        return f"submission {self.id} ({self.status})"


class Attachment(BaseModel):
    """The bytes of a DocumentReference attachment, sealed apart from the Bundle.

    Kept in the database (not MEDIA_ROOT): they commit and roll back with their version,
    are backed up with it, and die with the patient's data key like everything else.
    """

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attachments"
    )
    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="attachments"
    )
    content_type = models.CharField(max_length=64)  # sniffed from the bytes
    size = models.PositiveIntegerField()
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"attachment {self.id} ({self.content_type}, {self.size} bytes)"


class DatePrecision(models.TextChoices):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    TIME = "time"
    RECEIVED = "received"  # the resource had no date: filed under when it was sent


class IndexEntry(BaseModel):
    """One clinical resource of a document's current content, for timeline and summary.

    Rows are rebuilt per document (delete and rewrite, in one transaction under the
    document's row lock), so indexing twice never leaves two rows for one resource.
    """

    # No single-column index on patient: every index below leads with it.
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="index_entries",
        db_index=False,
    )
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="entries")
    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "hospitals.Organization", on_delete=models.PROTECT, related_name="+"
    )
    entry_index = models.PositiveIntegerField()  # position in the version's Bundle.entry
    resource_type = models.CharField(max_length=64)
    section = models.CharField(max_length=32, blank=True)  # IPS section key, or ""
    kind = models.CharField(max_length=32)  # the document's kind
    sort_date = models.DateField()  # the calendar day as written by the sender
    sort_at = models.DateTimeField()  # ties within a day; date-only values sort first
    end_date = models.DateField()  # last day the date covers (a month, a year)
    precision = models.CharField(max_length=16, choices=DatePrecision.choices)
    status = models.CharField(max_length=32, blank=True)
    verification = models.CharField(max_length=32, blank=True)
    retracted = models.BooleanField(default=False)
    # The patient's choice to keep this entry out of their own views and exports; the record
    # itself is untouched (issue 7 item 4). Clear, so lists can filter it in SQL.
    hidden = models.BooleanField(default=False)
    code_hash = models.CharField(max_length=32, blank=True)  # the first code, for grouping
    display = models.BinaryField()
    summary = models.BinaryField()
    resource = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "entry_index"], name="records_entry_once_per_document"
            )
        ]
        indexes = [
            # Timeline, keyset-paginated on (sort_date, sort_at, id), newest first.
            models.Index(
                fields=["patient", "-sort_date", "-sort_at", "-id"], name="records_timeline"
            ),
            models.Index(
                fields=["patient", "kind", "-sort_date", "-sort_at", "-id"],
                name="records_timeline_kind",
            ),
            models.Index(
                fields=["patient", "section", "-sort_date", "-sort_at", "-id"],
                name="records_timeline_section",
            ),
            models.Index(
                fields=["patient", "organization", "-sort_date", "-sort_at", "-id"],
                name="records_timeline_org",
            ),
            # Summary: live entries of one section, grouped by code across hospitals.
            models.Index(
                fields=["patient", "section", "code_hash"],
                name="records_summary",
                condition=models.Q(retracted=False) & ~models.Q(section=""),
            ),
            # Summary: the latest day of each (section, code, hospital), read index-only.
            models.Index(
                fields=["patient", "section", "code_hash", "organization", "-sort_date"],
                include=["hidden", "status", "verification"],
                name="records_summary_latest",
                condition=models.Q(retracted=False) & ~models.Q(section=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource_type} {self.id} ({self.sort_date})"


class IndexCode(models.Model):
    """Keyed hash of one `system|code` of an entry; the key is the patient's "code" subkey."""

    entry = models.ForeignKey(IndexEntry, on_delete=models.CASCADE, related_name="codes")
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    code_hash = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "code_hash"], name="records_code_once")
        ]
        indexes = [models.Index(fields=["patient", "code_hash"], name="records_code_lookup")]

    def __str__(self) -> str:
        return f"code of {self.entry_id}"
