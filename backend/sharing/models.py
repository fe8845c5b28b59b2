"""SMART Health Links: a share, its encrypted files, and each time someone opened it.

What stays in clear: flags, status, expiry, counts, content types, the recipient country and
the content choice (ids and section keys, as a grant holds them). The files are JWE under the
link's own key, which the server keeps only for long-term links, sealed with the patient's
data key (docs/decisions.md, "Sharing keys and threat model"). The label and the names
recipients type are sealed with the patient's data key. The manifest id is a bearer secret, so
only its SHA-256 is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from common.models import BaseModel


class ShareStatus(models.TextChoices):
    ACTIVE = "active"
    REVOKED = "revoked"
    # "expired" is never stored: it is read from expires_at at the second of each request.


class Share(BaseModel):
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shares"
    )
    # The grant this share is (consent.policy decides every read through it).
    grant = models.OneToOneField("consent.Grant", on_delete=models.PROTECT, related_name="share")
    manifest_hash = models.CharField(max_length=64, unique=True)  # SHA-256 hex of the path id
    flag = models.CharField(max_length=3, blank=True)  # SHL flags, alphabetical: L, P, U
    label = models.BinaryField(blank=True, default=b"")  # sealed
    expires_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=ShareStatus.choices, default="active")
    revoked_at = models.DateTimeField(null=True, blank=True)
    recipient_country = models.CharField(max_length=2)
    language = models.CharField(max_length=16)
    # Content choice: the summary, chosen documents, chosen entries as (document, position)
    # because entry rows are rebuilt when a document is re-pushed.
    summary = models.BooleanField(default=False)
    document_ids = models.JSONField(default=list, blank=True)
    entries = models.JSONField(default=list, blank=True)  # [[document_id, entry_index], ...]
    # Passcode: HMAC-SHA256 under a server sub-key (why not argon2: docs/decisions.md).
    passcode_hash = models.CharField(max_length=64, blank=True)
    failures = models.PositiveIntegerField(default=0)
    failure_limit = models.PositiveIntegerField()
    # Long-term links only: the link key sealed with the patient's data key; b"" once destroyed.
    key_sealed = models.BinaryField(blank=True, default=b"")
    content_stamp = models.CharField(max_length=64, blank=True)  # what the files were built from
    built_at = models.DateTimeField()
    purged_at = models.DateTimeField(null=True, blank=True)  # files and key destroyed

    class Meta:
        indexes = [
            models.Index(fields=["patient", "-created_at"], name="sharing_share_patient"),
            models.Index(
                fields=["expires_at"],
                name="sharing_share_unpurged",
                condition=models.Q(purged_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"share {self.id} ({self.status}, flag {self.flag or '-'})"

    @property
    def long_term(self) -> bool:
        return "L" in self.flag

    @property
    def needs_passcode(self) -> bool:
        return "P" in self.flag


class ShareFile(BaseModel):
    """One file of a share, as a compact JWE (`dir`, `A256GCM`) under the link's key."""

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=64)
    jwe = models.TextField()
    resource_count = models.PositiveIntegerField(default=0)
    resource_types = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["share", "position"], name="sharing_file_position")
        ]

    def __str__(self) -> str:
        return f"file {self.position} of share {self.share_id}"


class AccessOutcome(models.TextChoices):
    SUCCESS = "success"
    DENIED = "denied"


class ShareAccess(BaseModel):
    """One manifest request (or direct `U` fetch), as the patient sees it on the share.

    The same request is also an `access.shl.*` audit event with a consent AccessRecord (the
    patient's access log); this row adds what only a share has: the files fetched through the
    locations it handed out, and passcode failures.
    """

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="accesses")
    recipient_name = models.BinaryField(blank=True, default=b"")  # sealed, as typed
    outcome = models.CharField(max_length=16, choices=AccessOutcome.choices)
    reason = models.CharField(max_length=32, blank=True)
    files_listed = models.PositiveSmallIntegerField(default=0)
    files_embedded = models.PositiveSmallIntegerField(default=0)
    files_fetched = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["share", "-created_at"], name="sharing_access_share")]

    def __str__(self) -> str:
        return f"access {self.id} to share {self.share_id} ({self.outcome})"
