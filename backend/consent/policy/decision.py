"""The decision itself: a pure function of one grant and one request, no database, no clock.

Everything the decision needs is in its arguments (the grant with its transfer consent
loaded, and an AccessRequest that states the time and the patient's standing agreements),
so it can be tested exhaustively and means the same in every app that calls it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

HOME_COUNTRY = "KR"


class Reason(StrEnum):
    OWNER = "owner"
    GRANTED = "granted"
    NO_GRANT = "no_grant"
    NOT_GRANTEE = "not_grantee"
    REVOKED = "revoked"
    EXPIRED = "expired"
    NOT_STARTED = "not_started"
    PURPOSE = "purpose"
    HEALTH_DATA_AGREEMENT = "health_data_agreement_withdrawn"
    TRANSFER_CONSENT = "transfer_consent_missing"


# When several grants refuse, the audit names the most telling reason: the one the patient
# most likely caused on purpose comes first.
_PRECEDENCE = [
    Reason.HEALTH_DATA_AGREEMENT,
    Reason.REVOKED,
    Reason.EXPIRED,
    Reason.TRANSFER_CONSENT,
    Reason.PURPOSE,
    Reason.NOT_STARTED,
    Reason.NOT_GRANTEE,
    Reason.NO_GRANT,
]


@dataclass(frozen=True)
class Grantee:
    type: str  # consent.models.GranteeType
    id: str


@dataclass(frozen=True)
class DataScope:
    """What may be read. An empty set does not restrict its dimension; dimensions are ANDed."""

    sections: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    document_ids: frozenset[str] = frozenset()
    source_organization_ids: frozenset[str] = frozenset()
    data_from: date | None = None
    data_to: date | None = None

    def covers(self, item: Item) -> bool:
        """The same rule as consent.policy.sql.entries_filter, for one item in memory."""
        return (
            (not self.sections or item.section in self.sections)
            and (not self.kinds or item.kind in self.kinds)
            and (not self.document_ids or str(item.document_id) in self.document_ids)
            and (
                not self.source_organization_ids
                or str(item.organization_id) in self.source_organization_ids
            )
            and (self.data_from is None or item.sort_date >= self.data_from)
            and (self.data_to is None or item.sort_date <= self.data_to)
        )


EVERYTHING = DataScope()


class Item(Protocol):
    """The clear columns of an index entry (records.models.IndexEntry has them)."""

    section: str
    kind: str
    sort_date: date

    @property
    def document_id(self) -> object: ...

    @property
    def organization_id(self) -> object: ...


class TransferFacts(Protocol):
    starts_at: datetime
    expires_at: datetime
    withdrawn_at: datetime | None


class GrantFacts(Protocol):
    """What decide() reads of a grant (consent.models.Grant has it)."""

    grantee_type: str
    grantee_id: str
    purpose: str
    status: str
    starts_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    recipient_country: str
    sections: list[str]
    kinds: list[str]
    document_ids: list[str]
    source_organization_ids: list[str]
    data_from: date | None
    data_to: date | None

    @property
    def id(self) -> object: ...

    @property
    def patient_id(self) -> object: ...

    @property
    def transfer_consent(self) -> TransferFacts | None: ...


@dataclass(frozen=True)
class AccessRequest:
    """One attempt to read: who (as grantees), whose data, when, why, and the patient's
    standing agreements at that moment."""

    grantees: frozenset[Grantee]
    patient_id: str
    at: datetime
    purpose: str = ""  # "" reads under whatever purpose the grant was given for
    recipient_country: str = ""  # as known now from the organization or share, if known
    health_data_agreement: bool = True
    transfer_agreement: bool = False


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: Reason
    grant_ids: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    scopes: tuple[DataScope, ...] = field(default=())

    def covers(self, item: Item) -> bool:
        return self.allowed and any(scope.covers(item) for scope in self.scopes)


def scope_of(grant: GrantFacts) -> DataScope:
    return DataScope(
        sections=frozenset(grant.sections),
        kinds=frozenset(grant.kinds),
        document_ids=frozenset(str(d) for d in grant.document_ids),
        source_organization_ids=frozenset(str(o) for o in grant.source_organization_ids),
        data_from=grant.data_from,
        data_to=grant.data_to,
    )


def is_abroad(country: str) -> bool:
    # An unknown country counts as abroad: the transfer consent is asked rather than assumed.
    return country.upper() != HOME_COUNTRY


def _transfer_stands(grant: GrantFacts, at: datetime) -> bool:
    consent = grant.transfer_consent
    return (
        consent is not None
        and consent.withdrawn_at is None
        and consent.starts_at <= at < consent.expires_at
    )


def _refusal(grant: GrantFacts, request: AccessRequest) -> Reason | None:
    if Grantee(grant.grantee_type, grant.grantee_id) not in request.grantees:
        return Reason.NOT_GRANTEE
    if str(grant.patient_id) != request.patient_id:
        return Reason.NOT_GRANTEE
    if not request.health_data_agreement:
        return Reason.HEALTH_DATA_AGREEMENT
    if grant.status != "active" or grant.revoked_at is not None:
        return Reason.REVOKED
    if grant.expires_at is not None and grant.expires_at <= request.at:
        return Reason.EXPIRED  # at the second: a grant expiring now no longer reads
    if grant.starts_at > request.at:
        return Reason.NOT_STARTED
    if request.purpose and request.purpose != grant.purpose:
        return Reason.PURPOSE
    countries = {grant.recipient_country, request.recipient_country} - {""}
    if any(is_abroad(c) for c in countries or {""}) and not (
        request.transfer_agreement and _transfer_stands(grant, request.at)
    ):
        return Reason.TRANSFER_CONSENT
    return None


def decide(grant: GrantFacts, request: AccessRequest) -> Decision:
    """Allow exactly the grant's scope, or refuse with the first reason that applies."""
    reason = _refusal(grant, request)
    if reason is not None:
        return Decision(False, reason, grant_ids=(str(grant.id),))
    return Decision(
        True,
        Reason.GRANTED,
        grant_ids=(str(grant.id),),
        purposes=(grant.purpose,),
        scopes=(scope_of(grant),),
    )


def combine(decisions: Iterable[Decision]) -> Decision:
    """Several grants to one grantee: the union of what each allows; none is a refusal."""
    decisions = list(decisions)
    allowed = [d for d in decisions if d.allowed]
    if allowed:
        return Decision(
            True,
            Reason.GRANTED,
            grant_ids=tuple(g for d in allowed for g in d.grant_ids),
            purposes=tuple(dict.fromkeys(p for d in allowed for p in d.purposes)),
            scopes=tuple(s for d in allowed for s in d.scopes),
        )
    if not decisions:
        return Decision(False, Reason.NO_GRANT)
    reason = min((d.reason for d in decisions), key=_PRECEDENCE.index)
    return Decision(False, reason, grant_ids=tuple(g for d in decisions for g in d.grant_ids))


def owner_decision() -> Decision:
    return Decision(True, Reason.OWNER, scopes=(EVERYTHING,))


DENIED = Decision(False, Reason.NO_GRANT)
