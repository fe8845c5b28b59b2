"""The merge rules on their own: shared codes merge (after normalising system and code), a
shipped crosswalk merges across systems, nothing else does."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from records.selectors.merge import Member, merge_section
from tests.backend.records.reading import builders as b

KCD8 = "http://www.hl7korea.or.kr/CodeSystem/kostat-kcd-8"


def member(*codings, day: int = 1, status: str = "active", hospital: int = 1) -> Member:
    return Member(
        entry_id=uuid.uuid4(),
        section="problems",
        code_hash="",
        organization_id=uuid.UUID(int=hospital),
        sort_date=date(2024, 1, day),
        sort_at=datetime(2024, 1, day, tzinfo=UTC),
        precision="day",
        status=status,
        display=codings[0][2] if codings else "text only",
        codings=tuple(codings),
    )


def test_the_same_code_written_two_ways_is_one_item():
    dotted = member((KCD8, "E11.9", "당뇨병"), hospital=1)
    dotless = member(("http://www.hl7korea.or.kr/CodeSystem/kostat-kcd-8", "E119", ""), hospital=2)
    [item] = merge_section([dotted, dotless])
    assert len(item.sources()) == 2


def test_different_codes_of_one_system_stay_apart():
    assert len(merge_section([member((b.SNOMED, "1", "a")), member((b.SNOMED, "2", "b"))])) == 2


def test_a_shared_second_coding_merges_and_joins_transitively():
    first = member((KCD8, "E11.9", ""), (b.SNOMED, "44054006", "Diabetes"))
    second = member((b.SNOMED, "44054006", ""), hospital=2)
    third = member((KCD8, "E119", ""), hospital=3)
    [item] = merge_section([first, second, third])
    assert len(item.sources()) == 3


def test_entries_without_codes_are_never_merged():
    assert len(merge_section([member(), member()])) == 2


def test_codes_of_different_systems_merge_only_through_a_crosswalk(crosswalk_kd_atc):
    kd, atc = member(b.METFORMIN_KD), member(b.METFORMIN_ATC, hospital=2)
    assert len(merge_section([kd, atc])) == 1


def test_without_the_crosswalk_kd_and_atc_stay_apart():
    kd, atc = member(b.METFORMIN_KD), member(b.METFORMIN_ATC, hospital=2)
    assert len(merge_section([kd, atc])) == 2


def test_the_newest_status_wins_and_active_items_come_first():
    old_active = member((b.SNOMED, "1", "a"), day=1, status="active")
    new_resolved = member((b.SNOMED, "1", ""), day=9, status="resolved", hospital=2)
    other = member((b.SNOMED, "2", "b"), day=2, status="active")
    unknown = member((b.SNOMED, "3", "c"), day=5, status="")
    items = merge_section([old_active, new_resolved, other, unknown])
    assert [(i.newest.display, i.active) for i in items] == [
        ("b", True),
        ("c", False),
        ("", False),
    ]
    assert items[2].newest.status == "resolved"
