"""The patient's export jobs: status with progress, and the download of a ready archive.

Another patient's job and a missing one are the same 404. A job past its window answers
410 Gone on download, so the app can say "ask for a new export" rather than "not found".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from accounts.models import User
from audit import services as audit
from common.actors import Actor
from common.exceptions import Conflict, DomainError, NotFound
from common.ids import uuid_or_404
from exports.models import ExportJob, ExportStatus
from exports.paths import exports_dir
from records.selectors.access import PURPOSE, read_logged, require_self


class Gone(DomainError):
    status = 410
    code = "expired"
    default_message = "This export has expired and was deleted. Ask for a new one."


@dataclass(frozen=True)
class Download:
    path: Path
    name: str
    size: int


def _own(actor: Actor, patient: User, job_id: uuid.UUID | str, action: str) -> ExportJob:
    wanted = uuid_or_404(job_id)
    try:
        require_self(actor, patient.id)
        return ExportJob.objects.get(id=wanted, patient=patient)
    except (ExportJob.DoesNotExist, NotFound):
        audit.record_refusal(
            actor=actor, action=action, reason="not_found", object_type="export",
            object_id=wanted, purpose=PURPOSE,
        )  # fmt: skip
        raise NotFound() from None


def exports_of(*, actor: Actor, patient: User) -> list[ExportJob]:
    require_self(actor, patient.id)
    jobs = list(ExportJob.objects.filter(patient=patient).order_by("-created_at")[:20])
    read_logged(actor=actor, patient_id=patient.id, action="export.archive.list")
    return jobs


def export_status(*, actor: Actor, patient: User, job_id: uuid.UUID | str) -> ExportJob:
    job = _own(actor, patient, job_id, "export.archive.status")
    read_logged(
        actor=actor, patient_id=patient.id, action="export.archive.status",
        object_type="export", object_id=job.id,
    )  # fmt: skip
    return job


def export_download(*, actor: Actor, patient: User, job_id: uuid.UUID | str) -> Download:
    job = _own(actor, patient, job_id, "export.archive.download")
    path = exports_dir() / job.file_name if job.file_name else None
    if job.status == ExportStatus.EXPIRED or job.expires_at <= timezone.now():
        raise Gone()
    if job.status != ExportStatus.READY or path is None or not path.exists():
        raise Conflict("The export is not ready yet.", code="not_ready")
    read_logged(
        actor=actor, patient_id=patient.id, action="export.archive.download",
        object_type="export", object_id=job.id, detail={"bytes": job.size},
    )  # fmt: skip
    made = (job.ready_at or job.created_at).strftime("%Y%m%d-%H%M")
    return Download(path=path, name=f"pocketchart-export-{made}.pcarc", size=job.size)
