"""The SMART Health Links protocol, served: `POST /shl/{id}` (the manifest) and, for `U`
links, `GET /shl/{id}?recipient=` (the one file). File fetches are in services.fetch."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from audit import services as audit
from common.exceptions import NotFound
from consent.services import Access, access_logged
from consent.services.access import ACCESS_PREFIX
from sharing.keys import manifest_hash, patient_key
from sharing.limits import admit_link_request
from sharing.locations import location_url
from sharing.models import AccessOutcome, Share, ShareAccess, ShareFile
from sharing.services.files import share_refresh
from sharing.services.gate import (
    NOT_DIRECT,
    access_for,
    access_row,
    decide,
    refusal,
    refused,
    share_for,
)
from sharing.services.passcode import check_passcode

MANIFEST, DIRECT = "shl.manifest", "shl.direct"


@dataclass(frozen=True)
class ManifestRequest:
    manifest_id: str
    recipient: str
    passcode: str | None = None
    embedded_length_max: int | None = None


def manifest_open(*, request: ManifestRequest) -> dict[str, Any]:
    """The manifest: files embedded up to `embeddedLengthMax`, else as signed locations."""
    admit_link_request(manifest_hash(request.manifest_id), ACCESS_PREFIX + MANIFEST)
    share = share_for(request.manifest_id, MANIFEST)
    access = access_for(share, MANIFEST, request.recipient)
    decision = decide(share, access)
    owner = patient_key(share.patient_id)
    check_passcode(owner, share, access, request.passcode)
    share_refresh(owner=owner, share=share, decision=decision)
    files = _files(share, request.embedded_length_max)
    embed = [_embeds(f, request.embedded_length_max) for f in files]
    shown = [f for f, e in zip(files, embed, strict=True) if e]
    with audit.atomic():
        row = access_row(
            owner,
            share,
            request.recipient,
            AccessOutcome.SUCCESS,
            files_listed=len(files),
            files_embedded=len(shown),
        )
        access_logged(access=_returned(access, shown), decision=decision)
    return {
        "files": [_entry(request.manifest_id, row, f, e) for f, e in zip(files, embed, strict=True)]
    }


def _files(share: Share, length_max: int | None) -> list[ShareFile]:
    # Without embedding the ciphertext is not needed here: only its location is.
    files = ShareFile.objects.filter(share=share).order_by("position")
    return list(files if length_max is not None else files.defer("jwe"))


def _embeds(file: ShareFile, length_max: int | None) -> bool:
    return length_max is not None and len(file.jwe) <= length_max


def _entry(manifest_id: str, row: ShareAccess, file: ShareFile, embed: bool) -> dict[str, str]:
    entry = {"contentType": file.content_type, "lastUpdated": file.updated_at.isoformat()}
    if embed:
        entry["embedded"] = file.jwe
    else:
        entry["location"] = location_url(
            manifest_id=manifest_id, file_id=str(file.id), access_id=str(row.id)
        )
    return entry


def _returned(access: Access, files: list[ShareFile]) -> Access:
    types = [t for f in files for t in f.resource_types]
    return replace(access, returned=sum(f.resource_count for f in files), resource_types=types)


def direct_file(*, manifest_id: str, recipient: str) -> str:
    """A `U` link's one encrypted file, fetched directly (no manifest, never a passcode)."""
    admit_link_request(manifest_hash(manifest_id), ACCESS_PREFIX + DIRECT)
    share = share_for(manifest_id, DIRECT)
    access = access_for(share, DIRECT, recipient)
    if "U" not in share.flag:
        refused(share, access, refusal(share, NOT_DIRECT))
        raise NotFound()
    decision = decide(share, access)
    owner = patient_key(share.patient_id)
    share_refresh(owner=owner, share=share, decision=decision)
    file = ShareFile.objects.filter(share=share).order_by("position").first()
    if file is None:
        raise NotFound()
    with audit.atomic():
        access_row(owner, share, recipient, AccessOutcome.SUCCESS, files_listed=1, files_fetched=1)
        access_logged(access=_returned(access, [file]), decision=decision)
    return file.jwe
