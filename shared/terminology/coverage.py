"""How many of the distinct codes found in FHIR files our tables cover, per language."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .fixtures import collect
from .languages import LANGUAGES
from .tables import entry_for


@dataclass(frozen=True)
class Coverage:
    total: int
    covered: dict[str, int]  # language → distinct codes with a display in that language
    by_system: dict[str, tuple[int, int]]  # system → (distinct codes, codes with any entry)
    uncovered: list[tuple[int, str, str, str]]  # (occurrences, system, code, display)
    malformed: int
    unreadable_files: int


def measure(root: Path) -> Coverage:
    found = collect(root)
    covered: Counter[str] = Counter()
    by_system: dict[str, list[int]] = {}
    uncovered: list[tuple[int, str, str, str]] = []
    for (system, code), occurrences in found.counts.items():
        entry = entry_for(system, code)
        tally = by_system.setdefault(system, [0, 0])
        tally[0] += 1
        if entry is None:
            display = found.displays.get((system, code), "")
            uncovered.append((occurrences, system, code, display))
            continue
        tally[1] += 1
        covered.update(lang for lang in LANGUAGES if entry.has(lang))
    uncovered.sort(key=lambda row: (-row[0], row[1], row[2]))
    return Coverage(
        total=len(found.counts),
        covered={lang: covered[lang] for lang in LANGUAGES},
        by_system={system: (t[0], t[1]) for system, t in by_system.items()},
        uncovered=uncovered,
        malformed=len(found.malformed),
        unreadable_files=found.unreadable_files,
    )


def report(coverage: Coverage, top: int = 20) -> str:
    lines = [f"distinct codes in fixtures: {coverage.total}"]
    for lang in LANGUAGES:
        lines.append(f"  {lang:<8} {coverage.covered[lang]:>5}  {_percent(coverage, lang)}")
    lines.append("by system (distinct codes, with a table entry):")
    ranked = sorted(coverage.by_system.items(), key=lambda item: (-item[1][0], item[0]))
    lines += [f"  {n:>5} {hit:>5}  {system}" for system, (n, hit) in ranked]
    lines.append(
        f"skipped: {coverage.malformed} malformed codes, "
        f"{coverage.unreadable_files} unreadable files"
    )
    lines.append(f"top {top} uncovered (occurrences, system, code, display):")
    lines += [
        f"  {count:>5}  {system}  {code}  {display[:70]}"
        for count, system, code, display in coverage.uncovered[:top]
    ]
    return "\n".join(lines)


def _percent(coverage: Coverage, lang: str) -> str:
    return f"{100 * coverage.covered[lang] / coverage.total:5.1f}%" if coverage.total else "  n/a"
