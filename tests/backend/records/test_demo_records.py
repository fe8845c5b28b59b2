"""The records `make demo` pushes are accepted as they are, for the demo patients."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from records.services.cleaning import extract_attachments
from records.services.matching import matching_identifiers
from shared.fhir import validate_bundle

DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "records" / "demo"
REPO = Path(__file__).resolve().parents[3]


def demo_numbers() -> set[tuple[str, str]]:
    """The hospital numbers tools/demo.py links, read from its source."""
    text = (REPO / "tools" / "demo.py").read_text("utf-8")
    return {
        (system, value)
        for system, value in (
            (line.split('"')[1], line.split('"')[3])
            for line in text.splitlines()
            if line.strip().startswith('("http')
        )
    }


@pytest.mark.parametrize("path", sorted(DEMO.rglob("*.json")), ids=lambda p: p.name)
def test_each_demo_record_passes_the_policy_for_a_demo_patient(path):
    bundle = json.loads(path.read_text("utf-8"))
    assert validate_bundle(bundle).ok
    extract_attachments(bundle)  # refuses what the push would refuse
    assert set(matching_identifiers(bundle)) & demo_numbers()
