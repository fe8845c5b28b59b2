"""`POST /fhir/R4/Bundle`: refuse bad input at once, store good input encrypted with its
submission row in one transaction, and queue its indexing after commit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import orjson
from django.db import IntegrityError, transaction

from audit import services as audit
from common.crypto.blind import blind_index, derive_subkey
from common.crypto.envelope import data_key_for, encrypt_field
from common.exceptions import Conflict, DomainError
from hospitals.models import PatientLink
from hospitals.principal import SystemPrincipal
from records.models import Attachment, Document, DocumentStatus, DocumentVersion, Submission
from records.services import resources as res
from records.services.cleaning import ExtractedAttachment, extract_attachments, without_rrn
from records.services.intake import Intake, bundle_intake
from records.services.matching import link_for_bundle
from records.services.queue import publish_index
from shared.fhir import bundle_content_hash

ACTION = "record.push"
_STORE_ATTEMPTS = 3  # a lost race on the unique constraints is retried, then it is a 409


@dataclass(frozen=True)
class PushResult:
    submission: Submission
    duplicate: bool
    warnings: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Prepared:
    """A validated, matched, cleaned push, ready to store."""

    link: PatientLink
    payload: bytes
    identity: str  # Bundle.identifier system|value, or the content hash without one
    content_hash: str
    bundle_type: str
    kind: str
    retraction: bool
    entry_count: int
    attachments: list[ExtractedAttachment]
    warnings: list[dict[str, Any]]


def bundle_push(
    *,
    principal: SystemPrincipal,
    content_type: str,
    stream: BinaryIO,
    content_length: int | None,
) -> PushResult:
    patient_id = None
    try:
        intake = bundle_intake(
            content_type=content_type, stream=stream, content_length=content_length
        )
        link = link_for_bundle(organization_id=principal.organization_id, bundle=intake.bundle)
        patient_id = link.patient_id
        return _store_with_retry(principal, _prepare(intake, link))
    except DomainError as error:
        audit.record_refusal(
            actor=principal.actor,
            action=ACTION,
            reason=error.code,
            patient_id=patient_id,
            detail={"status": error.status},
        )
        raise


def _prepare(intake: Intake, link: PatientLink) -> Prepared:
    bundle, stripped = without_rrn(intake.bundle)
    content_hash = bundle_content_hash(bundle)  # before attachment ids, which are random
    cleaned = extract_attachments(bundle)
    changed = stripped or cleaned.changed
    return Prepared(
        link=link,
        payload=orjson.dumps(cleaned.bundle) if changed else intake.raw,
        identity=_identity(bundle, content_hash),
        content_hash=content_hash,
        bundle_type=str(bundle.get("type")),
        kind=res.document_kind_key(bundle),
        retraction=res.is_retraction(bundle),
        entry_count=len(bundle.get("entry", [])),
        attachments=cleaned.attachments,
        warnings=[i.as_fhir() for i in [*intake.validation.warnings, *cleaned.warnings]],
    )


def _identity(bundle: dict[str, Any], content_hash: str) -> str:
    identifier = bundle.get("identifier")
    if isinstance(identifier, dict) and isinstance(identifier.get("value"), str):
        return f"identifier|{identifier.get('system', '')}|{identifier['value']}"
    return f"content|{content_hash}"


def _store_with_retry(principal: SystemPrincipal, prepared: Prepared) -> PushResult:
    for _ in range(_STORE_ATTEMPTS):
        try:
            return _store(principal, prepared)
        except IntegrityError:
            # A concurrent push created the same document or version first; the next
            # attempt sees it and answers duplicate or adds the next version.
            continue
    raise Conflict("Concurrent pushes of this document collided; send it again.")


def _store(principal: SystemPrincipal, prepared: Prepared) -> PushResult:
    patient_id = prepared.link.patient_id
    key = data_key_for(patient_id)
    hashing = derive_subkey(key, "document-identity")
    identity_hash = blind_index(hashing, prepared.identity)
    content_key = blind_index(hashing, f"content|{prepared.content_hash}")
    with audit.atomic():
        document = _locked_document(principal, patient_id, identity_hash)
        if document is not None:
            latest = document.versions.get(number=document.current_version)
            if latest.content_hash == content_key:
                return _duplicate(principal, latest.submission)
        document = _next_document(document, principal, patient_id, identity_hash, prepared)
        version = _create_version(document, prepared, content_key, key)
        submission = Submission.objects.create(
            client_id=principal.client_pk,
            organization_id=principal.organization_id,
            patient_id=patient_id,
            document=document,
            version=version,
            issues=prepared.warnings,
        )
        _record(principal, submission, version, prepared)
        transaction.on_commit(lambda: publish_index(submission.id))
    return PushResult(submission, duplicate=False, warnings=prepared.warnings)


def _locked_document(principal: SystemPrincipal, patient_id: Any, identity: str) -> Document | None:
    # The row lock orders concurrent versions of one document; new documents race on the
    # unique constraint instead.
    return (
        Document.objects.select_for_update()
        .filter(patient_id=patient_id, organization_id=principal.organization_id)
        .filter(identity_hash=identity)
        .first()
    )


def _next_document(
    document: Document | None,
    principal: SystemPrincipal,
    patient_id: Any,
    identity_hash: str,
    prepared: Prepared,
) -> Document:
    status = DocumentStatus.RETRACTED if prepared.retraction else DocumentStatus.CURRENT
    if document is None:
        return Document.objects.create(
            patient_id=patient_id,
            organization_id=principal.organization_id,
            identity_hash=identity_hash,
            bundle_type=prepared.bundle_type,
            kind=prepared.kind,
            status=status,
            current_version=1,
        )
    document.current_version += 1
    document.status = status
    document.bundle_type = prepared.bundle_type
    if not prepared.retraction:
        document.kind = prepared.kind
    document.save(update_fields=["current_version", "status", "bundle_type", "kind", "updated_at"])
    return document


def _create_version(
    document: Document, prepared: Prepared, content_key: str, key: bytes
) -> DocumentVersion:
    patient_id = document.patient_id
    version_id = uuid.uuid4()
    version = DocumentVersion.objects.create(
        id=version_id,
        document=document,
        number=document.current_version,
        content_hash=content_key,
        retraction=prepared.retraction,
        payload=encrypt_field(
            patient_id,
            prepared.payload,
            table="records_documentversion",
            row_id=version_id,
            field="payload",
            key=key,
        ),
        payload_bytes=len(prepared.payload),
        entry_count=prepared.entry_count,
    )
    Attachment.objects.bulk_create(
        Attachment(
            id=item.id,
            patient_id=patient_id,
            version=version,
            content_type=item.content_type,
            size=len(item.data),
            data=encrypt_field(
                patient_id,
                item.data,
                table="records_attachment",
                row_id=item.id,
                field="data",
                key=key,
            ),
        )
        for item in prepared.attachments
    )
    return version


def _duplicate(principal: SystemPrincipal, existing: Submission) -> PushResult:
    audit.record(
        actor=principal.actor,
        action=ACTION,
        patient_id=existing.patient_id,
        object_type="submission",
        object_id=existing.id,
        detail={"duplicate": True, "document": str(existing.document_id)},
    )
    return PushResult(existing, duplicate=True, warnings=list(existing.issues))


def _record(
    principal: SystemPrincipal, submission: Submission, version: DocumentVersion, prepared: Prepared
) -> None:
    audit.record(
        actor=principal.actor,
        action=ACTION,
        patient_id=submission.patient_id,
        object_type="submission",
        object_id=submission.id,
        detail={
            "document": str(version.document_id),
            "version": version.number,
            "bundle_type": prepared.bundle_type,
            "kind": prepared.kind,
            "entries": prepared.entry_count,
            "attachments": len(prepared.attachments),
            "warnings": len(prepared.warnings),
            "retraction": prepared.retraction,
        },
    )
