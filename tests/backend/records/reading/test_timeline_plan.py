"""On PostgreSQL a deep timeline page is an index range, not a scan from the newest row:
the cursor's row-value comparison must reach the index condition."""

from __future__ import annotations

import pytest
from django.db import connection

from records.models import IndexEntry
from records.selectors.cursor import Position
from records.selectors.timeline import TimelineQuery, filtered
from tests.backend.records.reading import builders as b

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_the_cursor_becomes_the_index_condition(pushed, hospital_a, linked_alice):
    pushed(hospital_a, b.record_set(*[b.observation(value=i) for i in range(60)]))
    rows = IndexEntry.objects.filter(patient=linked_alice.patient).order_by(
        "-sort_date", "-sort_at", "-id"
    )
    middle = rows.values("sort_date", "sort_at", "id")[30]
    page = filtered(rows, TimelineQuery()).filter(Position.of(middle).before())[:50]
    sql, params = page.values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        # A tiny table would be scanned whole, or read through a bitmap and sorted; what this
        # test asks is whether an ordered index scan can serve the page at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    condition = next(line for line in plan.splitlines() if "Index Cond" in line)
    assert "records_timeline" in plan and "ROW(sort_date, sort_at, id) <" in condition
    assert "Sort" not in plan  # the index order is the page order
