"""A patient's request that the source hospital correct one of its records (PIPA Art. 36).

The hospital sees it as a FHIR Task (corrections.fhir) and closes it, usually after pushing
a corrected version: the record changes only through the hospital, and the original stays
among the document's versions (EMR change history).

What stays in clear: ids, status, times, the resource type and position. The patient's
text, the hospital's reply and the focus (the hospital's own resource id and Bundle
identifier, which may embed its numbering) are sealed with the patient's data key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from common.models import BaseModel


class CorrectionStatus(models.TextChoices):
    # FHIR Task.status values a correction can take.
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    REJECTED = "rejected"


CLOSED = frozenset({CorrectionStatus.COMPLETED, CorrectionStatus.REJECTED})


class CorrectionRequest(BaseModel):
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="correction_requests"
    )
    organization = models.ForeignKey(
        "hospitals.Organization", on_delete=models.PROTECT, related_name="+"
    )
    link = models.ForeignKey("hospitals.PatientLink", on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(
        "records.Document", on_delete=models.CASCADE, related_name="correction_requests"
    )
    entry_id = models.UUIDField()  # the index entry asked about (rows are rebuilt: no FK)
    entry_index = models.PositiveIntegerField()
    resource_type = models.CharField(max_length=64)
    focus = models.BinaryField()  # sealed JSON: {"reference", "bundle_identifier"}
    text = models.BinaryField()  # sealed
    reply = models.BinaryField(blank=True, default=b"")  # sealed, the hospital's note
    status = models.CharField(
        max_length=16, choices=CorrectionStatus.choices, default=CorrectionStatus.REQUESTED
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.CharField(max_length=64, blank=True)  # the system client's id

    class Meta:
        indexes = [
            models.Index(fields=["organization", "status", "created_at"], name="corrections_org"),
            models.Index(fields=["patient", "-created_at"], name="corrections_patient"),
        ]

    def __str__(self) -> str:
        return f"correction {self.id} ({self.status})"
