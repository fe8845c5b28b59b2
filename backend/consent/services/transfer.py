"""Transfer-abroad consents (PIPA Art. 28-8): one specific consent per recipient abroad.

The general "transfer abroad" agreement (accounts) says the patient is willing in principle;
each transfer still needs its own consent naming recipient, country, items and period, given
after the patient saw exactly that text (its digest is checked and stored). Grants, shares and
consultations whose recipient is abroad call `transfer_consent_require` before they exist.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from accounts.models import Agreement, AgreementKind, User
from accounts.selectors import actor_for
from audit import services as audit
from common.crypto.envelope import decrypt_field, encrypt_field
from common.exceptions import NotFound, Unprocessable, ValidationFailed
from common.ids import uuid_or_404
from consent import texts
from consent.models import TransferConsent
from consent.policy import is_abroad

TABLE = "consent_transferconsent"


@dataclass(frozen=True)
class TransferTerms:
    recipient_name: str
    country: str
    items: list[str]  # section keys or document kinds; ["all"] for everything
    starts_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class TransferPreview:
    language: str
    title: str
    text: str
    digest: str


def _local(moment: datetime, user: User) -> str:
    return timezone.localtime(moment, _zone(user)).strftime("%Y-%m-%d %H:%M")


def _zone(user: User) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Asia/Seoul")


def transfer_consent_preview(
    *, patient: User, terms: TransferTerms, language: str = ""
) -> TransferPreview:
    """The text the patient must read before giving the consent, in their language."""
    lang, title, text = texts.transfer_text(
        language=language or patient.preferred_language,
        recipient=terms.recipient_name,
        country=terms.country.upper(),
        items=terms.items,
        start=_local(terms.starts_at, patient),
        end=_local(terms.expires_at, patient),
    )
    return TransferPreview(lang, title, text, texts.digest(text))


def _check_terms(terms: TransferTerms) -> None:
    problems: dict[str, list[str]] = {}
    if not is_abroad(terms.country):
        problems["country"] = ["A transfer consent is only for recipients outside Korea."]
    if terms.expires_at <= terms.starts_at or terms.expires_at <= timezone.now():
        problems["expires_at"] = ["The period must end in the future, after it starts."]
    if not terms.recipient_name.strip():
        problems["recipient_name"] = ["Name the recipient."]
    if problems:
        raise ValidationFailed(fields=problems)


def _general_agreement_required(patient: User) -> None:
    standing = Agreement.objects.filter(
        user=patient, kind=AgreementKind.TRANSFER_ABROAD, ended_at__isnull=True
    ).exists()
    if not standing:
        raise Unprocessable(
            "Give the agreement to transfers abroad first (POST /api/v1/me/agreements, "
            "kind transfer_abroad; in the app: Me → Agreements).",
            code="transfer_agreement_required",
        )


def transfer_consent_give(
    *, patient: User, terms: TransferTerms, text_digest: str, language: str = ""
) -> TransferConsent:
    _check_terms(terms)
    _general_agreement_required(patient)
    preview = transfer_consent_preview(patient=patient, terms=terms, language=language)
    if text_digest != preview.digest:
        raise Unprocessable(
            "The consent text changed since it was shown: preview it again and confirm.",
            code="transfer_text_changed",
        )
    with audit.atomic():
        row = TransferConsent(
            patient=patient,
            country=terms.country.upper(),
            items=sorted(set(terms.items)),
            starts_at=terms.starts_at,
            expires_at=terms.expires_at,
            language=preview.language,
            text_digest=preview.digest,
            given_at=timezone.now(),
        )
        row.recipient_name = _seal_name(row, terms.recipient_name)
        row.save()
        audit.record(
            actor=actor_for(patient),
            action="consent.transfer.give",
            patient_id=patient.id,
            object_type="transfer_consent",
            object_id=row.id,
            detail={"country": row.country, "items": row.items},
        )
    return row


def transfer_consent_withdraw(*, patient: User, consent_id: object) -> TransferConsent:
    with audit.atomic():
        row = (
            TransferConsent.objects.select_for_update()
            .filter(patient=patient, id=uuid_or_404(consent_id))
            .first()
        )
        if row is None:
            raise NotFound()
        if row.withdrawn_at is None:
            row.withdrawn_at = timezone.now()
            row.save(update_fields=["withdrawn_at", "updated_at"])
            audit.record(
                actor=actor_for(patient),
                action="consent.transfer.withdraw",
                patient_id=patient.id,
                object_type="transfer_consent",
                object_id=row.id,
            )
    return row


def _seal_name(row: TransferConsent, name: str) -> bytes:
    return encrypt_field(
        row.patient_id, name.strip().encode(), table=TABLE, row_id=row.id, field="recipient_name"
    )


def recipient_name_of(row: TransferConsent) -> str:
    return decrypt_field(
        row.patient_id,
        bytes(row.recipient_name),
        table=TABLE,
        row_id=row.id,
        field="recipient_name",
    ).decode()


def _covers(row: TransferConsent, terms: TransferTerms) -> bool:
    return (
        row.starts_at <= terms.starts_at
        and terms.expires_at <= row.expires_at
        and ("all" in row.items or set(terms.items) <= set(row.items))
        and recipient_name_of(row).casefold() == terms.recipient_name.strip().casefold()
    )


def transfer_consent_require(
    *,
    patient: User,
    recipient_name: str,
    country: str,
    items: list[str],
    period: tuple[datetime, datetime | None],
) -> TransferConsent | None:
    """The standing consent that covers this transfer; None when the recipient is in Korea.

    Refused (422 `transfer_consent_required`, saying how to give it) when the recipient is
    abroad and no standing consent names this recipient and country, all these items and the
    whole period. An open-ended period is never covered: consents abroad always end.
    """
    if not is_abroad(country):
        return None
    starts_at, expires_at = period
    standing = Agreement.objects.filter(
        user=patient, kind=AgreementKind.TRANSFER_ABROAD, ended_at__isnull=True
    ).exists()
    if standing and expires_at is not None:
        terms = TransferTerms(recipient_name, country.upper(), items, starts_at, expires_at)
        candidates = TransferConsent.objects.filter(
            patient=patient, country=country.upper(), withdrawn_at__isnull=True
        ).order_by("-given_at")
        for row in candidates:
            if _covers(row, terms):
                return row
    raise Unprocessable(
        texts.transfer_required_message(country, patient.preferred_language),
        code="transfer_consent_required",
        extra={"preview": "/api/v1/me/transfer-consents/preview"},
    )
