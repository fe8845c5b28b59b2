"""The pure decision: one grant, one request, no database and no clock."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from consent.policy import AccessRequest, Grantee, Reason, combine, decide

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
HOSPITAL = Grantee("organization", "org-b")


@dataclass
class FakeTransfer:
    starts_at: datetime = NOW - timedelta(days=1)
    expires_at: datetime = NOW + timedelta(days=30)
    withdrawn_at: datetime | None = None


@dataclass
class FakeGrant:
    id: str = "g-1"
    patient_id: str = "alice"
    grantee_type: str = "organization"
    grantee_id: str = "org-b"
    purpose: str = "referral"
    status: str = "active"
    starts_at: datetime = NOW - timedelta(days=1)
    expires_at: datetime | None = NOW + timedelta(days=30)
    revoked_at: datetime | None = None
    recipient_country: str = "KR"
    sections: list[str] = field(default_factory=lambda: ["medications"])
    kinds: list[str] = field(default_factory=list)
    document_ids: list[str] = field(default_factory=list)
    source_organization_ids: list[str] = field(default_factory=list)
    data_from: date | None = None
    data_to: date | None = None
    transfer_consent: FakeTransfer | None = None


@dataclass
class Entry:
    section: str
    kind: str = "record-set"
    sort_date: date = date(2025, 1, 1)
    document_id: str = "doc-1"
    organization_id: str = "org-a"


REQUEST = AccessRequest(grantees=frozenset({HOSPITAL}), patient_id="alice", at=NOW)


def test_a_standing_grant_allows_exactly_its_scope():
    decision = decide(FakeGrant(), REQUEST)
    assert decision.allowed and decision.reason is Reason.GRANTED
    assert decision.covers(Entry("medications"))
    assert not decision.covers(Entry("problems"))
    assert not decision.covers(Entry(""))


def test_expiry_is_at_the_second():
    assert not decide(FakeGrant(expires_at=NOW), REQUEST).allowed
    assert decide(FakeGrant(expires_at=NOW), REQUEST).reason is Reason.EXPIRED
    assert decide(FakeGrant(expires_at=NOW + timedelta(seconds=1)), REQUEST).allowed


def test_a_revoked_grant_refuses_even_before_its_end():
    decision = decide(FakeGrant(status="revoked", revoked_at=NOW), REQUEST)
    assert (decision.allowed, decision.reason) == (False, Reason.REVOKED)


def test_a_grant_not_yet_started_refuses():
    decision = decide(FakeGrant(starts_at=NOW + timedelta(seconds=1)), REQUEST)
    assert decision.reason is Reason.NOT_STARTED


def test_a_grant_to_someone_else_or_for_another_patient_refuses():
    assert decide(FakeGrant(grantee_id="org-c"), REQUEST).reason is Reason.NOT_GRANTEE
    assert decide(FakeGrant(patient_id="bob"), REQUEST).reason is Reason.NOT_GRANTEE


def test_a_stated_purpose_must_be_the_granted_one():
    assert decide(FakeGrant(), replace(REQUEST, purpose="referral")).allowed
    assert decide(FakeGrant(), replace(REQUEST, purpose="treatment")).reason is Reason.PURPOSE


def test_a_recipient_abroad_needs_the_agreement_and_a_standing_transfer_consent():
    abroad = FakeGrant(recipient_country="JP", transfer_consent=FakeTransfer())
    willing = replace(REQUEST, transfer_agreement=True)
    assert decide(abroad, willing).allowed
    assert decide(abroad, REQUEST).reason is Reason.TRANSFER_CONSENT
    assert decide(replace(abroad, transfer_consent=None), willing).reason is Reason.TRANSFER_CONSENT
    withdrawn = FakeTransfer(withdrawn_at=NOW)
    assert not decide(replace(abroad, transfer_consent=withdrawn), willing).allowed
    ended = FakeTransfer(expires_at=NOW)
    assert not decide(replace(abroad, transfer_consent=ended), willing).allowed


def test_an_organization_that_moved_abroad_is_treated_as_abroad():
    moved = replace(REQUEST, recipient_country="US")
    assert decide(FakeGrant(), moved).reason is Reason.TRANSFER_CONSENT


def test_without_the_health_data_agreement_nobody_reads():
    refused = replace(REQUEST, health_data_agreement=False)
    assert decide(FakeGrant(), refused).reason is Reason.HEALTH_DATA_AGREEMENT


def test_dimensions_are_anded_and_dates_are_inclusive():
    grant = FakeGrant(
        sections=["medications"],
        kinds=["referral"],
        data_from=date(2025, 1, 1),
        data_to=date(2025, 12, 31),
    )
    decision = decide(grant, REQUEST)
    assert decision.covers(Entry("medications", kind="referral", sort_date=date(2025, 12, 31)))
    assert not decision.covers(Entry("medications", kind="ips"))
    assert not decision.covers(Entry("medications", kind="referral", sort_date=date(2026, 1, 1)))


def test_several_grants_allow_the_union_and_refusals_name_the_likeliest_cause():
    meds, problems = FakeGrant(id="g-1"), FakeGrant(id="g-2", sections=["problems"])
    union = combine([decide(meds, REQUEST), decide(problems, REQUEST)])
    assert union.grant_ids == ("g-1", "g-2")
    assert union.covers(Entry("problems")) and union.covers(Entry("medications"))
    refused = combine(
        [
            decide(FakeGrant(expires_at=NOW), REQUEST),
            decide(FakeGrant(status="revoked"), REQUEST),
        ]
    )
    assert (refused.allowed, refused.reason) == (False, Reason.REVOKED)
    assert combine([]).reason is Reason.NO_GRANT


def test_a_refusal_covers_nothing():
    assert not decide(FakeGrant(expires_at=NOW), REQUEST).covers(Entry("medications"))


def test_an_unlimited_scope_becomes_a_filter_that_admits_the_whole_record():
    from consent.policy.sql import entries_filter

    decision = decide(FakeGrant(sections=[]), REQUEST)
    assert decision.allowed and decision.covers(Entry("problems"))
    q = entries_filter(decision)
    assert "pk__in" not in str(q)  # not the "nothing" filter
    assert "hidden" in str(q) and "retracted" in str(q)  # others still never see those
    narrow = entries_filter(decide(FakeGrant(), REQUEST))
    assert "section__in" in str(narrow)
