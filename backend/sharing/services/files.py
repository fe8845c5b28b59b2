"""Encrypting a share's files, and keeping a long-term link's files current.

Long-term (`L`) links re-encrypt on read: the next manifest request after a document the
share draws on changed rebuilds the files with the same key and fresh IVs (SHL: updated files
keep the key). On read, not on push, because only then is the key needed at all, a link
nobody opens costs nothing, and ingestion stays ignorant of shares.
"""

from __future__ import annotations

from django.utils import timezone

from audit import services as audit
from common.actors import Actor
from consent.policy import Decision
from shared.shl import jwe
from sharing.content import Content, PlainFile, build_files, content_stamp
from sharing.keys import PatientKey, open_key
from sharing.models import Share, ShareFile


def content_of(share: Share) -> Content:
    return Content(
        summary=share.summary,
        document_ids=tuple(share.document_ids),
        entries=tuple((str(d), int(i)) for d, i in share.entries),
    )


def share_actor(share: Share) -> Actor:
    """Whoever holds the link acts as the share: that is the grantee consent.policy knows."""
    return Actor("share", str(share.id), role="recipient")


def encrypt_files(share: Share, plain: list[PlainFile], key: str) -> list[ShareFile]:
    """Unsaved rows; zip=DEF because encrypted bytes never compress afterwards."""
    return [
        ShareFile(
            share=share,
            position=position,
            content_type=file.content_type,
            jwe=jwe.encrypt(file.data, key, content_type=file.content_type, compress=True),
            resource_count=len(file.resource_types),
            resource_types=sorted(set(file.resource_types)),
        )
        for position, file in enumerate(plain)
    ]


def share_refresh(*, owner: PatientKey, share: Share, decision: Decision) -> bool:
    """Rebuild a long-term link's files if what they were built from changed. True if so."""
    if not share.long_term:
        return False  # one-off links are never rebuilt: the server has no key for them
    content = content_of(share)
    stamp = content_stamp(share.patient_id, content)
    if stamp == share.content_stamp:
        return False
    with audit.atomic():
        locked = Share.objects.select_for_update().select_related("patient").get(id=share.id)
        if locked.content_stamp == stamp or not locked.key_sealed:
            return False  # a parallel request rebuilt it, or the key is gone
        key = open_key(owner, locked.id, bytes(locked.key_sealed))
        plain = build_files(
            patient=locked.patient, content=content, language=locked.language, decision=decision
        )
        _replace_files(locked, encrypt_files(locked, plain, key))
        locked.content_stamp, locked.built_at = stamp, timezone.now()
        locked.save(update_fields=["content_stamp", "built_at", "updated_at"])
        audit.record(
            actor=share_actor(locked),
            action="sharing.share.refresh",
            patient_id=locked.patient_id,
            object_type="share",
            object_id=locked.id,
            detail={"files": len(plain)},
        )
    return True


def _replace_files(share: Share, files: list[ShareFile]) -> None:
    """In place by position, so file ids (and location URLs already handed out) stay valid."""
    existing = {f.position: f for f in ShareFile.objects.filter(share=share)}
    for new in files:
        old = existing.pop(new.position, None)
        if old is None:
            new.save()
            continue
        old.content_type, old.jwe = new.content_type, new.jwe
        old.resource_count, old.resource_types = new.resource_count, new.resource_types
        old.save(
            update_fields=["content_type", "jwe", "resource_count", "resource_types", "updated_at"]
        )
    ShareFile.objects.filter(id__in=[f.id for f in existing.values()]).delete()
