"""After pushes, no name, code or clinical text from the Bundles is in clear in any table."""

from __future__ import annotations

import base64

import pytest
from django.db import connection

from records.models import Attachment, IndexEntry
from tests.backend.records import bundles
from tests.hospital_personas import MRN_A

pytestmark = pytest.mark.django_db

PLANTED = [
    bundles.FAMILY,
    bundles.GIVEN,
    bundles.SNOMED_ASTHMA,
    bundles.LOINC_PEAK_FLOW,
    bundles.NOTE[:24],
    bundles.RRN,
    "Asthma",
    MRN_A[1],
    "http://snomed.info/sct",
]


def every_cell() -> list[tuple[str, bytes]]:
    cells: list[tuple[str, bytes]] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            for row in cursor.fetchall():
                cells.extend((table, _bytes(value)) for value in row if value is not None)
    return cells


def _bytes(value: object) -> bytes:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    return str(value).encode()


def test_no_planted_string_is_in_clear_in_any_table(push, hospital_a, linked_alice):
    document = bundles.document()
    reference = bundles.document_reference(bundles.PDF, "application/pdf")
    assert push(hospital_a, document).status_code == 202
    assert push(hospital_a, bundles.collection(reference, identifier="scan")).status_code == 202
    assert IndexEntry.objects.exists() and Attachment.objects.exists()
    cells = every_cell()
    tables = {table for table, _ in cells}
    assert {"records_indexentry", "records_documentversion", "records_indexcode"} <= tables
    for planted in [*PLANTED, "%PDF-1.4", base64.b64encode(bundles.PDF).decode()[:16]]:
        needle = planted.encode()
        leaks = sorted({table for table, cell in cells if needle in cell})
        assert not leaks, f"{planted!r} in clear in {leaks}"


def test_the_scan_would_see_a_leak(push, hospital_a, linked_alice):
    """The scan reads every table: a planted string written in clear is found."""
    from hospitals.models import Organization

    Organization.objects.filter(id=hospital_a.organization.id).update(names={"en": bundles.FAMILY})
    assert any(bundles.FAMILY.encode() in cell for _, cell in every_cell())
