"""Making a share: a consent grant, the encrypted files, and the link that carries the key."""

from __future__ import annotations

import base64
import uuid
import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from accounts.selectors import actor_for
from audit import services as audit
from common.exceptions import Unprocessable, ValidationFailed
from consent.models import Grant, GranteeType, Purpose
from consent.policy import authorize
from consent.services import GrantTerms, grant_create
from shared.shl import ShlPayload, new_key, new_manifest_id
from shared.shl.qr import qr_png
from sharing.content import Content, build_files, chosen_content, content_stamp, scope_terms
from sharing.keys import TABLE, PatientKey, manifest_hash, patient_key, seal_key
from sharing.models import Share
from sharing.services.files import encrypt_files, share_actor

PRESETS = {
    "30m": timedelta(minutes=30),
    "1d": timedelta(days=1),
    "7d": timedelta(days=7),
    "30d": timedelta(days=30),
}
MIN_PASSCODE = 6
MAX_LABEL = 80


@dataclass(frozen=True)
class ShareRequest:
    """What the patient asks for. Exactly one of `expiry` (a preset), `expires_at` or
    `expires_on` (the end of that day in the patient's time zone)."""

    summary: bool = False
    entry_ids: list[str] = field(default_factory=list)
    document_ids: list[str] = field(default_factory=list)
    expiry: str | None = None
    expires_at: datetime | None = None
    expires_on: date | None = None
    passcode: str | None = None
    long_term: bool = False
    single_file: bool = False
    label: str = ""
    recipient_country: str = "KR"
    recipient_name: str = ""  # needed abroad: the transfer consent names the recipient
    language: str = ""


@dataclass(frozen=True)
class CreatedShare:
    share: Share
    link: str
    viewer_url: str
    qr_png: bytes

    @property
    def qr_base64(self) -> str:
        return base64.b64encode(self.qr_png).decode("ascii")


def _expiry(patient: User, request: ShareRequest, now: datetime) -> datetime:
    given = [v for v in (request.expiry, request.expires_at, request.expires_on) if v is not None]
    if len(given) != 1:
        raise ValidationFailed(fields={"expiry": ["Choose one expiry: a preset, a time or a day."]})
    if request.expiry is not None:
        if request.expiry not in PRESETS:
            raise ValidationFailed(fields={"expiry": [f"Choose one of {', '.join(PRESETS)}."]})
        moment = now + PRESETS[request.expiry]
    elif request.expires_on is not None:
        zone = _zone(patient.time_zone)
        moment = datetime.combine(request.expires_on, time(23, 59, 59), tzinfo=zone)
    else:
        moment = request.expires_at  # type: ignore[assignment]
    # Whole seconds: the link's `exp` and the server refuse at the same second.
    moment = moment.replace(microsecond=0)
    if moment <= now:
        raise ValidationFailed(fields={"expiry": ["The link must expire in the future."]})
    if moment > now + timedelta(days=settings.SHL_MAX_DAYS):
        raise ValidationFailed(
            fields={"expiry": [f"A link lasts at most {settings.SHL_MAX_DAYS} days."]}
        )
    return moment


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Asia/Seoul")


def _flag(request: ShareRequest) -> str:
    problems: dict[str, list[str]] = {}
    if request.passcode is not None and len(request.passcode) < MIN_PASSCODE:
        problems["passcode"] = [f"A passcode has at least {MIN_PASSCODE} characters."]
    if request.single_file and request.passcode:
        problems["single_file"] = ["A single-file link cannot have a passcode (SHL: no U with P)."]
    if request.long_term and not request.passcode:
        problems["passcode"] = ["A long-term link needs a passcode."]
    if len(request.label) > MAX_LABEL:
        problems["label"] = [f"A label has at most {MAX_LABEL} characters."]
    if problems:
        raise ValidationFailed(fields=problems)
    letters = {"L": request.long_term, "P": bool(request.passcode), "U": request.single_file}
    return "".join(letter for letter, on in letters.items() if on)


def share_create(*, patient: User, request: ShareRequest) -> CreatedShare:
    """Checks, then one transaction: grant, share, files, audit. The key leaves in the link."""
    now = timezone.now()
    flag, expires_at = _flag(request), _expiry(patient, request, now)
    content = chosen_content(
        patient=patient,
        summary=request.summary,
        entry_ids=request.entry_ids,
        document_ids=request.document_ids,
    )
    if request.single_file and content.file_count != 1:
        raise ValidationFailed(
            fields={"single_file": ["A single-file link holds the summary or records, not both."]}
        )
    made = _Made(uuid.uuid4(), new_manifest_id(), flag, expires_at)
    key, owner = new_key(), patient_key(patient.id)
    with audit.atomic():
        share = _share_row(owner, patient, request, content, made)
        if share.long_term:
            share.key_sealed = seal_key(owner, share.id, key)
        _build(share, content, key)
        share.save()
        audit.record(
            actor=actor_for(patient),
            action="sharing.share.create",
            patient_id=patient.id,
            object_type="share",
            object_id=share.id,
            purpose=Purpose.PATIENT_REQUEST,
            detail=_detail(share, content),
        )
    return _link(share, made.manifest_id, key, request.label)


@dataclass(frozen=True)
class _Made:
    share_id: uuid.UUID
    manifest_id: str
    flag: str
    expires_at: datetime


def _grant(patient: User, request: ShareRequest, content: Content, made: _Made) -> Grant:
    """The share as a consent grant; abroad, grant_create requires the transfer consent."""
    scope = scope_terms(patient.id, content)
    terms = GrantTerms(
        grantee_type=GranteeType.SHARE,
        grantee_id=str(made.share_id),
        recipient_name=request.recipient_name or request.label,
        recipient_country=(request.recipient_country or "KR").upper(),
        purpose=Purpose.PATIENT_REQUEST,
        expires_at=made.expires_at,
        sections=scope.sections,
        kinds=scope.kinds,
        document_ids=scope.document_ids,
    )
    return grant_create(patient=patient, terms=terms)


def _share_row(
    owner: PatientKey, patient: User, request: ShareRequest, content: Content, made: _Made
) -> Share:
    grant = _grant(patient, request, content, made)
    share = Share(
        id=made.share_id,
        patient=patient,
        grant=grant,
        manifest_hash=manifest_hash(made.manifest_id),
        flag=made.flag,
        expires_at=made.expires_at,
        recipient_country=grant.recipient_country,
        language=request.language or patient.preferred_language,
        summary=content.summary,
        document_ids=list(content.document_ids),
        entries=[list(pair) for pair in content.entries],
        passcode_hash=owner.passcode_hash(request.passcode) if request.passcode else "",
        failure_limit=settings.SHL_PASSCODE_ATTEMPTS,
        built_at=timezone.now(),
    )
    share.label = owner.seal(TABLE, share.id, "label", request.label)
    return share


def _build(share: Share, content: Content, key: str) -> None:
    """Files hold what the share itself may read: built under its own policy decision."""
    share.content_stamp = content_stamp(share.patient_id, content)
    share.save()
    decision = authorize(
        actor=share_actor(share),
        patient_id=share.patient_id,
        recipient_country=share.recipient_country,
    )
    if not decision.allowed:  # e.g. the health-data agreement was withdrawn meanwhile
        raise Unprocessable("These records cannot be shared now.", code=str(decision.reason))
    plain = build_files(
        patient=share.patient, content=content, language=share.language, decision=decision
    )
    for row in encrypt_files(share, plain, key):
        row.save()


def _detail(share: Share, content: Content) -> dict[str, object]:
    return {
        "grant": str(share.grant_id),
        "flag": share.flag,
        "summary": content.summary,
        "documents": len(content.document_ids),
        "entries": len(content.entries),
        "expires": share.expires_at.isoformat(),
        "country": share.recipient_country,
    }


def _link(share: Share, manifest_id: str, key: str, label: str) -> CreatedShare:
    payload = ShlPayload(
        url=f"{settings.PUBLIC_BASE_URL}/shl/{manifest_id}",
        key=key,
        exp=int(share.expires_at.timestamp()),
        flag=share.flag,
        label=label or None,
    )
    viewer_url = payload.encode(f"{settings.PUBLIC_BASE_URL}/viewer/")
    return CreatedShare(share, payload.encode(), viewer_url, qr_png(viewer_url))
