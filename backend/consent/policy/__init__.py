"""The one policy every read of health data goes through.

    decision = authorize(actor=actor, patient_id=patient_id, purpose="referral")
    rows = IndexEntry.objects.filter(patient_id=patient_id).filter(entries_filter(decision))

`decide(grant, request)` is the pure rule for one grant; `authorize` loads the actor's grants
and combines their decisions; `entries_filter` turns a decision into SQL. Deny by default:
no grant, an unknown actor type or any doubt is a refusal that allows no row.
"""

from consent.policy.decision import (
    DENIED,
    EVERYTHING,
    HOME_COUNTRY,
    AccessRequest,
    DataScope,
    Decision,
    Grantee,
    Reason,
    combine,
    decide,
    is_abroad,
    owner_decision,
    scope_of,
)
from consent.policy.load import authorize, grantees_of
from consent.policy.sql import entries_filter

__all__ = [
    "DENIED",
    "EVERYTHING",
    "HOME_COUNTRY",
    "AccessRequest",
    "DataScope",
    "Decision",
    "Grantee",
    "Reason",
    "authorize",
    "combine",
    "decide",
    "entries_filter",
    "grantees_of",
    "is_abroad",
    "owner_decision",
    "scope_of",
]
