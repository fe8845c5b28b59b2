"""`GET /shl/{id}/file/{file}?a=&exp=&sig=`: a file from a location a manifest handed out.

The URL needs no authentication (SHL) but is signed and lives at most an hour; the policy is
asked again at each fetch, so revoking a share stops downloads already under way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db.models import F

from audit import services as audit
from common.actors import ANONYMOUS
from common.exceptions import NotFound
from consent.services import access_logged
from consent.services.access import ACCESS_PREFIX
from sharing.keys import patient_key
from sharing.limits import admit_client
from sharing.locations import FileTicket, ticket_valid
from sharing.models import AccessOutcome, ShareAccess, ShareFile
from sharing.services.gate import ACCESS_TABLE, access_for, decide, share_for

FILE = "shl.file"


@dataclass(frozen=True)
class FileRequest:
    manifest_id: str
    file_id: str
    access_id: str
    expires: str
    signature: str


def _ticket(request: FileRequest) -> FileTicket | None:
    try:
        expires = int(request.expires)
    except ValueError:
        return None
    ticket = FileTicket(request.manifest_id, request.file_id, request.access_id, expires)
    return ticket if ticket_valid(ticket, request.signature) else None


def _refuse(reason: str, object_id: str = "") -> NotFound:
    audit.record_refusal(
        actor=ANONYMOUS,
        action=ACCESS_PREFIX + FILE,
        reason=reason,
        object_type="share_file",
        object_id=object_id[:64],
    )
    return NotFound()


def file_fetch(*, request: FileRequest) -> str:
    """The file's JWE, or 404 for a forged, stale or revoked location."""
    admit_client(ACCESS_PREFIX + FILE)
    if _ticket(request) is None:
        raise _refuse("bad_or_expired_location", request.file_id)
    share = share_for(request.manifest_id, FILE)
    origin = ShareAccess.objects.filter(
        id=request.access_id, share=share, outcome=AccessOutcome.SUCCESS
    ).first()
    file = ShareFile.objects.filter(id=request.file_id, share=share).first()
    if origin is None or file is None:
        raise _refuse("file_gone", request.file_id)
    owner = patient_key(share.patient_id)
    recipient = owner.open(ACCESS_TABLE, origin.id, "recipient_name", bytes(origin.recipient_name))
    access = access_for(share, FILE, recipient)
    decision = decide(share, access)
    with audit.atomic():
        ShareAccess.objects.filter(id=origin.id).update(files_fetched=F("files_fetched") + 1)
        shown = replace(
            access,
            object_type="share",
            returned=file.resource_count,
            resource_types=list(file.resource_types),
        )
        access_logged(access=shown, decision=decision)
    return file.jwe
