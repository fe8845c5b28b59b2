"""Archive jobs: the patient asks (a one-time password is made and shown once), a Celery
task builds the encrypted archive, it can be downloaded for EXPORTS_DOWNLOAD_HOURS, then a
beat task deletes it. Every step writes its audit event."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.selectors import actor_for
from audit import services as audit
from common.actors import SYSTEM
from common.crypto.envelope import decrypt_field, encrypt_field
from common.exceptions import Conflict
from exports.archive.contents import Contents
from exports.archive.writer import write_archive
from exports.models import ExportJob, ExportStatus
from exports.paths import exports_dir
from shared.archive import KdfParams, derive_key, new_password

logger = logging.getLogger("pocketchart.exports")

TABLE = "exports_exportjob"
OPEN = (ExportStatus.QUEUED, ExportStatus.BUILDING)
STALE_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class ExportRequested:
    job: ExportJob
    password: str  # shown to the patient once; never stored


def _window() -> timedelta:
    return timedelta(hours=settings.EXPORTS_DOWNLOAD_HOURS)


def export_request(*, patient: User, language: str, include_hidden: bool) -> ExportRequested:
    password, params = new_password(), KdfParams.fresh()
    key = derive_key(password, params)  # before the transaction: scrypt takes ~0.1 s
    with audit.atomic():
        # One request at a time. NO KEY: a plain FOR UPDATE on the patient would block the
        # foreign-key checks (KEY SHARE) that audited transactions run at commit while holding
        # the audit chain's lock, which this transaction then waits for: a deadlock.
        User.objects.select_for_update(no_key=True).filter(id=patient.id).first()
        if ExportJob.objects.filter(patient=patient, status__in=OPEN).exists():
            raise Conflict("An export is already being prepared.", code="export_in_progress")
        job = ExportJob(
            patient=patient, language=language, include_hidden=include_hidden,
            kdf_salt=params.salt, kdf_n=params.n, kdf_r=params.r, kdf_p=params.p,
            expires_at=timezone.now() + _window(),
        )  # fmt: skip
        job.key_sealed = encrypt_field(patient.id, key, table=TABLE, row_id=job.id, field="key")
        job.save()
        audit.record(
            actor=actor_for(patient), action="export.archive.request", patient_id=patient.id,
            object_type="export", object_id=job.id,
            detail={"hidden_included": include_hidden, "language": language},
        )  # fmt: skip
        transaction.on_commit(lambda: _queue(job.id))
    return ExportRequested(job, password)


def _queue(job_id: uuid.UUID) -> None:
    from exports.tasks import build_export

    build_export.delay(str(job_id))


def _claim(job_id: uuid.UUID | str) -> ExportJob | None:
    """The job, marked building; None when it is done, or being built by a live worker (one
    that reported progress within STALE_AFTER), so a redelivered task never builds twice."""
    stale = timezone.now() - STALE_AFTER
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(id=job_id, status__in=OPEN).first()
        if job is None or not job.key_sealed:
            return None  # built, failed, expired or erased already: nothing to do
        if job.status == ExportStatus.BUILDING and job.updated_at > stale:
            return None
        job.status, job.attempts = ExportStatus.BUILDING, job.attempts + 1
        job.save(update_fields=["status", "attempts", "updated_at"])
    return job


def _progress(job: ExportJob) -> Callable[[int], None]:
    last = {"value": 0}

    def report(value: int) -> None:
        if value >= last["value"] + 5:  # a write per 5 %: progress is for people, not logs
            last["value"] = value
            ExportJob.objects.filter(id=job.id).update(progress=value, updated_at=timezone.now())

    return report


def export_build(*, job_id: uuid.UUID | str) -> None:
    """Build the archive of a queued job. Safe to run twice: a second run finds nothing."""
    job = _claim(job_id)
    if job is None:
        return
    patient = job.patient
    key = decrypt_field(patient.id, bytes(job.key_sealed), table=TABLE, row_id=job.id, field="key")
    params = KdfParams(salt=bytes(job.kdf_salt), n=job.kdf_n, r=job.kdf_r, p=job.kdf_p)
    name = f"{patient.id}-{job.id}.pcarc"
    partial = exports_dir() / f"{name}.partial"
    contents = Contents(patient, language=job.language, include_hidden=job.include_hidden)
    try:
        written = write_archive(
            contents, partial, key=key, params=params, made_at=timezone.now(),
            progress=_progress(job),
        )  # fmt: skip
        partial.replace(exports_dir() / name)
    except Exception:
        partial.unlink(missing_ok=True)
        logger.exception("export %s failed", job.id)
        _finish(job, status=ExportStatus.FAILED, error="build_failed")
        return
    job.file_name, job.size, job.files = name, written.size, written.files
    _finish(job, status=ExportStatus.READY, error="")


def _finish(job: ExportJob, *, status: str, error: str) -> None:
    now = timezone.now()
    with audit.atomic():
        job.status, job.error, job.key_sealed = status, error, b""
        if status == ExportStatus.READY:
            job.progress, job.ready_at, job.expires_at = 100, now, now + _window()
        job.save()
        audit.record(
            actor=SYSTEM, action=f"export.archive.{status}", patient_id=job.patient_id,
            object_type="export", object_id=job.id,
            detail={"files": job.files, "bytes": job.size, "error": error},
        )  # fmt: skip


def exports_requeue_stale(*, now: datetime | None = None) -> int:
    """Queue again jobs nobody is building (a lost broker message, a killed worker)."""
    stale = (now or timezone.now()) - STALE_AFTER
    ids = list(
        ExportJob.objects.filter(status__in=OPEN, updated_at__lte=stale).values_list(
            "id", flat=True
        )
    )
    for job_id in ids:
        _queue(job_id)
    return len(ids)


def _delete_file(job: ExportJob) -> None:
    for name in (job.file_name, f"{job.file_name}.partial") if job.file_name else ():
        (exports_dir() / name).unlink(missing_ok=True)


def exports_purge_expired(*, now: datetime | None = None) -> int:
    """Delete archives past their download window (and jobs that never finished by then)."""
    now = now or timezone.now()
    purged = 0
    with audit.atomic():
        due = ExportJob.objects.select_for_update(skip_locked=True).filter(
            deleted_at__isnull=True, expires_at__lte=now
        )
        for job in due:
            _delete_file(job)
            job.status, job.deleted_at, job.key_sealed = ExportStatus.EXPIRED, now, b""
            job.save(update_fields=["status", "deleted_at", "key_sealed", "updated_at"])
            audit.record(
                actor=SYSTEM, action="export.archive.purge", patient_id=job.patient_id,
                object_type="export", object_id=job.id,
            )  # fmt: skip
            purged += 1
    return purged


def exports_erase(*, patient_id: uuid.UUID) -> int:
    """Account deletion: every job row and every file of the patient's, even files whose row
    is gone (a restore of an older backup). Call inside the deletion's transaction."""
    jobs = ExportJob.objects.filter(patient_id=patient_id)
    count = jobs.count()
    jobs.delete()
    folder = exports_dir()
    transaction.on_commit(lambda: _unlink_all(folder.glob(f"{patient_id}-*")))
    return count


def _unlink_all(paths: Iterable[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
