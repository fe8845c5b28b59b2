"""Writes of the consent app: grants, transfer-abroad consents, and the record of each read."""

from consent.services.access import Access, access_logged, access_refused
from consent.services.grants import (
    GrantTerms,
    grant_create,
    grant_revoke,
    grants_end_for_deletion,
    organization_grant_create,
)
from consent.services.transfer import (
    TransferTerms,
    transfer_consent_give,
    transfer_consent_preview,
    transfer_consent_require,
    transfer_consent_withdraw,
)

__all__ = [
    "Access",
    "GrantTerms",
    "TransferTerms",
    "access_logged",
    "access_refused",
    "grant_create",
    "grant_revoke",
    "grants_end_for_deletion",
    "organization_grant_create",
    "transfer_consent_give",
    "transfer_consent_preview",
    "transfer_consent_require",
    "transfer_consent_withdraw",
]
