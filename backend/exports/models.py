"""Full-portability export jobs (PIPA Art. 35-2: the patient's data, machine-readable).

The archive itself is a file of ciphertext (shared.archive) under EXPORTS_DIR; the row holds
its state and, only while the archive is being built, the archive key sealed with the
patient's data key. The one-time password is never stored: only the key scrypt derived from
it, and that is erased once the archive is written.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from common.models import BaseModel


class ExportStatus(models.TextChoices):
    QUEUED = "queued"
    BUILDING = "building"
    READY = "ready"
    FAILED = "failed"
    EXPIRED = "expired"  # the file was deleted after its download window


class ExportJob(BaseModel):
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    status = models.CharField(
        max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)  # 0-100
    include_hidden = models.BooleanField(default=False)
    language = models.CharField(max_length=16)
    # scrypt parameters of the archive key (not secret: they travel in the file's header).
    kdf_salt = models.BinaryField()
    kdf_n = models.PositiveIntegerField()
    kdf_r = models.PositiveSmallIntegerField()
    kdf_p = models.PositiveSmallIntegerField()
    key_sealed = models.BinaryField(blank=True, default=b"")  # b"" once the archive is built
    file_name = models.CharField(max_length=128, blank=True)  # under EXPORTS_DIR
    size = models.PositiveBigIntegerField(default=0)
    files = models.PositiveIntegerField(default=0)  # entries in the zip
    error = models.CharField(max_length=64, blank=True)  # a code, never a message
    attempts = models.PositiveSmallIntegerField(default=0)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["patient", "-created_at"], name="exports_job_patient"),
            models.Index(
                fields=["expires_at"],
                name="exports_job_undeleted",
                condition=models.Q(deleted_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"export {self.id} ({self.status}, {self.progress}%)"
