"""Giving and withdrawing the legal agreements (not data-access grants: see consent)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import agreement_texts
from accounts.models import Agreement, AgreementEnd, AgreementKind, User
from accounts.selectors import AgreementState, actor_for, agreement_of
from audit import services as audit
from common.exceptions import Unprocessable, ValidationFailed


@dataclass(frozen=True)
class AgreementGiven:
    kind: str
    version: str
    language: str


def agreements_check(items: Iterable[AgreementGiven], *, registering: bool) -> None:
    """Each item names a known kind at its current text; registration needs the required."""
    problems: list[str] = []
    kinds = set()
    for item in items:
        kinds.add(item.kind)
        if item.kind not in agreement_texts.kinds():
            problems.append(_("Unknown agreement: %(kind)s.") % {"kind": item.kind})
        elif item.version != agreement_texts.current_version(item.kind):
            problems.append(_("%(kind)s: agree to the current text.") % {"kind": item.kind})
    missing = set(agreement_texts.required_kinds()) - kinds if registering else set()
    problems += [_("%(kind)s is required.") % {"kind": kind} for kind in sorted(missing)]
    if problems:
        raise ValidationFailed(fields={"agreements": problems})


def agreement_record(*, user: User, item: AgreementGiven, now: datetime) -> None:
    """Write one giving and its audit event; call inside audit.atomic()."""
    standing = (
        Agreement.objects.select_for_update()
        .filter(user=user, kind=item.kind, ended_at=None)
        .first()
    )
    if standing is not None and standing.version == item.version:
        return  # already given to this very text
    if standing is not None:
        standing.ended_at, standing.end_reason = now, AgreementEnd.RENEWED
        standing.save(update_fields=["ended_at", "end_reason"])
    row = Agreement.objects.create(
        user=user,
        kind=item.kind,
        version=item.version,
        language=agreement_texts.language_for(item.language),
        given_at=now,
    )
    audit.record(
        actor=actor_for(user),
        action="agreement.give",
        patient_id=user.id,
        object_type="agreement",
        object_id=row.id,
        detail={"kind": item.kind, "version": item.version},
    )


def agreement_give(*, user: User, item: AgreementGiven) -> AgreementState:
    agreements_check([item], registering=False)
    with audit.atomic():
        agreement_record(user=user, item=item, now=timezone.now())
    return agreement_of(user, item.kind)


def agreement_withdraw(*, user: User, kind: str) -> AgreementState:
    """Withdraw an optional agreement. Terms and privacy end only with the account.

    Withdrawing the sensitive-health-data agreement makes accounts.selectors.
    may_store_health_data false at once: nothing new is stored from then on.
    """
    if kind not in agreement_texts.kinds():
        raise ValidationFailed(fields={"kind": [_("Unknown agreement.")]})
    if kind in agreement_texts.required_kinds():
        raise Unprocessable(
            _("This agreement can only be withdrawn by deleting your account."),
            code="withdraw_by_deletion",
        )
    with audit.atomic():
        standing = (
            Agreement.objects.select_for_update()
            .filter(user=user, kind=kind, ended_at=None)
            .first()
        )
        if standing is not None:
            standing.ended_at, standing.end_reason = timezone.now(), AgreementEnd.WITHDRAWN
            standing.save(update_fields=["ended_at", "end_reason"])
            audit.record(
                actor=actor_for(user),
                action="agreement.withdraw",
                patient_id=user.id,
                object_type="agreement",
                object_id=standing.id,
                detail={"kind": kind, "version": standing.version},
            )
    return agreement_of(user, kind)


def withdrawal_effect(kind: str) -> str | None:
    """What a withdrawal does, in words for the person who just did it."""
    if kind == AgreementKind.SENSITIVE_HEALTH_DATA:
        return _(
            "No new health records will be stored for you. Records already held stay readable "
            "by you until you delete them, and are not shared with anyone else."
        )
    if kind == AgreementKind.TRANSFER_ABROAD:
        return _("Nothing more will be sent abroad. Transfers already made cannot be undone.")
    return None
