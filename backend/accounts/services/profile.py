"""Changing one's own profile, and deactivating one's own account."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from accounts import sealed
from accounts.models import Agreement, AgreementEnd, Role, User
from accounts.selectors import actor_for
from accounts.services.sessions import sessions_revoke_all
from audit import services as audit
from common.actors import Actor
from common.crypto.envelope import destroy_data_key
from common.exceptions import ValidationFailed

EDITABLE = frozenset(
    {"name", "birth_date", "preferred_language", "time_zone", "country", "passport_number"}
)


def user_update(*, user: User, changes: Mapping[str, object]) -> User:
    """Apply the given fields; a passport number is sealed, and None removes it."""
    fields = sorted(set(changes) & EDITABLE)
    if not fields:
        return user
    with audit.atomic():
        for field in fields:
            value = changes[field]
            if field == "passport_number":
                value = sealed.seal(user, field, str(value)) if value else None
            setattr(user, field, value)
        user.save(update_fields=fields)
        audit.record(
            actor=actor_for(user),
            action="account.update",
            patient_id=user.id if user.role == Role.PATIENT else None,
            object_type="user",
            object_id=user.id,
            detail={"fields": fields},
        )
    return user


def _scrub(user: User) -> None:
    """Leave nothing that names the person; the row stays for the audit trail's ids."""
    user.is_active = False
    user.deactivated_at = timezone.now()
    user.email = f"deactivated-{user.id}@deactivated.invalid"
    user.name = ""
    user.birth_date = None
    user.passport_number = None
    user.totp_secret = None
    user.set_unusable_password()
    user.save()


def user_deactivate(*, user: User, password: str) -> dict[str, int]:
    """Account deletion by its owner: the password proves it is them, then account_shred."""
    if not user.check_password(password):
        raise ValidationFailed(fields={"password": [_("This is not your password.")]})
    return account_shred(user=user, actor=actor_for(user), action="account.deactivate")


def account_shred(
    *, user: User, actor: Actor, action: str, replaying: bool = False
) -> dict[str, int]:
    """Sessions end, the data key is destroyed, the person is forgotten, in one transaction.

    Before the key goes, each of settings.ACCOUNT_DELETION_HOOKS runs in the same transaction
    (exports.deletion: shares, exports, records, the deletion ledger; some need the key to
    revoke what they hold). `replaying` is set when the deletion ledger re-applies a
    deletion after a restore. Returns what the hooks removed, as counts.
    """
    now = timezone.now()
    with audit.atomic():
        sessions_revoke_all(user=user, reason="account_deactivated")
        Agreement.objects.filter(user=user, ended_at=None).update(
            ended_at=now, end_reason=AgreementEnd.WITHDRAWN
        )
        erased: dict[str, int] = {}
        for hook in settings.ACCOUNT_DELETION_HOOKS:
            erased.update(import_string(hook)(user=user, replaying=replaying))
        _scrub(user)
        destroy_data_key(user.id)
        audit.record(
            actor=actor,
            action=action,
            patient_id=user.id if user.role == Role.PATIENT else None,
            object_type="user",
            object_id=user.id,
            detail=erased,
        )
    return erased
