"""What a drill checks once the failure is over, and the verdict: figures in, PASS or FAIL.

Figures come from the throwaway database (`measure`); `judge` is pure, so the tests can show
it fails on a lost submission, a duplicate row or a document stored twice.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from drills.traffic import Pushed


@dataclass(frozen=True)
class Figures:
    submissions: dict[str, int]  # by status
    submission_ids: frozenset[str]
    documents: int
    versions: int
    index_rows: int
    duplicate_index_rows: int  # rows beyond one per (document, entry)
    entries_per_document: tuple[int, int]  # fewest, most: every copy of the Bundle is alike
    most_attempts: int


@dataclass
class Verdict:
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def measure() -> Figures:
    from django.db import connections
    from django.db.models import Count, Max

    from records.models import Document, DocumentVersion, IndexEntry, Submission

    connections.close_all()  # the database may have restarted under us
    by_status = dict(
        Submission.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    entries = IndexEntry.objects.values("document_id", "entry_index").annotate(n=Count("id"))
    per_document = list(Document.objects.annotate(n=Count("entries")).values_list("n", flat=True))
    return Figures(
        submissions=by_status,
        submission_ids=frozenset(str(i) for i in Submission.objects.values_list("id", flat=True)),
        documents=Document.objects.count(),
        versions=DocumentVersion.objects.count(),
        index_rows=IndexEntry.objects.count(),
        duplicate_index_rows=sum(row["n"] - 1 for row in entries if row["n"] > 1),
        entries_per_document=(min(per_document, default=0), max(per_document, default=0)),
        most_attempts=Submission.objects.aggregate(m=Max("attempts"))["m"] or 0,
    )


def settled(figures: Figures) -> bool:
    return not figures.submissions.get("queued") and not figures.submissions.get("processing")


def wait_settled(seconds: float) -> Figures:
    """Poll until nothing is queued or processing (the sweeper and workers catch up)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            figures = measure()
        except Exception:  # the database may still be coming back
            figures = None
        if figures is not None and (settled(figures) or time.monotonic() > deadline):
            return figures
        time.sleep(1)


def judge(expected: int, pushed: Pushed, figures: Figures) -> Verdict:
    verdict = Verdict()
    accepted = set(pushed.accepted.values())
    if pushed.refused or pushed.never_answered:
        verdict.problems.append(
            f"{len(pushed.refused)} pushes refused, {len(pushed.never_answered)} never answered"
        )
    if len(pushed.accepted) != expected:
        verdict.problems.append(f"{len(pushed.accepted)} of {expected} pushes accepted")
    if lost := accepted - figures.submission_ids:
        verdict.problems.append(f"{len(lost)} accepted submissions are missing from the database")
    if figures.submissions.get("stored", 0) != expected or len(figures.submission_ids) != expected:
        verdict.problems.append(
            f"submissions by status {figures.submissions}, expected {expected} stored"
        )
    if figures.documents != expected or figures.versions != expected:
        verdict.problems.append(
            f"{figures.documents} documents / {figures.versions} versions for {expected} Bundles"
        )
    if figures.duplicate_index_rows:
        verdict.problems.append(f"{figures.duplicate_index_rows} duplicate index rows")
    fewest, most = figures.entries_per_document
    if fewest != most or not fewest:
        verdict.problems.append(f"documents hold {fewest} to {most} index rows, not all alike")
    return verdict
