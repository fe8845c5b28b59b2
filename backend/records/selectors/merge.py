"""Merging one patient's summary entries across hospitals into one item per concept.

Two entries are one item when they share a code (same system and code once normalised), or
when a crosswalk we ship links their codes (shared.terminology.same_concept); nothing else
merges them, so codes from different systems without a crosswalk stay side by side. Links
join transitively inside a section (A=B and B=C make one item), which is what a patient
expects of "the same medication". Pure Python: no database, no keys.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import combinations

from shared.terminology import same_concept
from shared.terminology.tables import code_key

# "Active before resolved": clinical and medication statuses that mean "still the case".
ACTIVE = frozenset({"active", "recurrence", "relapse", "intended", "on-hold", "in-progress"})
ENDED = frozenset(
    {"inactive", "remission", "resolved", "completed", "stopped", "not-taken", "cancelled"}
)

Coding = tuple[str, str, str]  # system, code, display


@dataclass(frozen=True)
class Member:
    """The newest entry of one code from one hospital (the summary query picks them)."""

    entry_id: uuid.UUID
    section: str
    code_hash: str
    organization_id: uuid.UUID
    sort_date: date
    sort_at: datetime
    precision: str
    status: str
    display: str
    codings: tuple[Coding, ...]

    @property
    def order(self) -> tuple[date, datetime, uuid.UUID]:
        return (self.sort_date, self.sort_at, self.entry_id)


@dataclass(frozen=True)
class Item:
    members: tuple[Member, ...]  # newest first

    @property
    def newest(self) -> Member:
        return self.members[0]

    @property
    def active(self) -> bool:
        return self.newest.status in ACTIVE

    def sources(self) -> list[Member]:
        """The newest member from each hospital, newest first."""
        seen: dict[uuid.UUID, Member] = {}
        for member in self.members:
            seen.setdefault(member.organization_id, member)
        return list(seen.values())

    def codings(self) -> list[Coding]:
        return list(dict.fromkeys(c for m in self.members for c in m.codings))


def merge(members: Iterable[Member]) -> dict[str, list[Item]]:
    by_section: dict[str, list[Member]] = {}
    for member in members:
        by_section.setdefault(member.section, []).append(member)
    return {section: merge_section(found) for section, found in by_section.items()}


def merge_section(members: list[Member]) -> list[Item]:
    groups = _Groups(len(members))
    groups.join_equal(members, lambda m: [m.code_hash] if m.code_hash else [])
    groups.join_equal(members, lambda m: [code_key(s, c) for s, c, _ in m.codings])
    _join_crosswalked(groups, members)
    items = [
        Item(tuple(sorted((members[i] for i in group), key=lambda m: m.order, reverse=True)))
        for group in groups.sets()
    ]
    items.sort(key=lambda item: item.newest.order, reverse=True)
    items.sort(key=_rank)  # stable: newest first within each rank
    return items


def _rank(item: Item) -> int:
    status = item.newest.status
    return 0 if status in ACTIVE else 2 if status in ENDED else 1


def _join_crosswalked(groups: _Groups, members: list[Member]) -> None:
    """Compare codes of different systems only: a crosswalk never links a system to itself,
    so a section coded in one system (results in LOINC) costs nothing here."""
    by_system: dict[str, dict[str, tuple[int, dict[str, str]]]] = {}
    for index, member in enumerate(members):
        for system, code, _ in member.codings:
            canonical, value = code_key(system, code)
            by_system.setdefault(canonical, {}).setdefault(
                value, (index, {"system": system, "code": code})
            )
    for first, second in combinations(sorted(by_system), 2):
        for i, a in by_system[first].values():
            for j, b in by_system[second].values():
                if not groups.same(i, j) and same_concept(a, b):
                    groups.union(i, j)


class _Groups:
    """Union-find over member positions."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)

    def same(self, i: int, j: int) -> bool:
        return self.find(i) == self.find(j)

    def join_equal(self, members: list[Member], keys: Callable[[Member], list[Hashable]]) -> None:
        first: dict[Hashable, int] = {}
        for index, member in enumerate(members):
            for key in keys(member):
                self.union(index, first.setdefault(key, index))

    def sets(self) -> list[list[int]]:
        found: dict[int, list[int]] = {}
        for index in range(len(self.parent)):
            found.setdefault(self.find(index), []).append(index)
        return list(found.values())
