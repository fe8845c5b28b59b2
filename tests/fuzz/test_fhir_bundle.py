"""POST /fhir/R4/Bundle under hostile input: real Bundles from tests/fixtures, addressed to
alice, mutated by a seeded mutator (wrong types, huge strings, deep nesting, invalid UTF-8,
duplicate keys, truncation, dropped fields, big numbers, swapped types). Every answer is an
acceptance or an OperationOutcome refusal, never a 5xx, and accepted ones index (in-process
here) without an error.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson

from tests.fuzz.engine import FHIR_FIXTURES, MUTATIONS, fhir_problem, mutations
from tests.hospital_personas import MRN_A, Hospital

REPO = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("PHR_FUZZ_SEED", "1414"))
CASES = 90  # ten of each mutation, seeded: a few seconds


def addressed_to_alice() -> list[dict[str, Any]]:
    bundles = []
    for name in FHIR_FIXTURES:
        bundle = orjson.loads((REPO / name).read_bytes())
        for entry in bundle.get("entry", []):
            if entry.get("resource", {}).get("resourceType") == "Patient":
                entry["resource"]["identifier"] = [{"system": MRN_A[0], "value": MRN_A[1]}]
        bundles.append(bundle)
    return bundles


def test_the_mutator_is_seeded() -> None:
    bundles = addressed_to_alice()
    first = list(mutations(bundles, seed=SEED, count=len(MUTATIONS)))
    again = list(mutations(bundles, seed=SEED, count=len(MUTATIONS)))
    assert first == again
    assert {name for name, _ in first} == set(MUTATIONS)  # each mutation at least once


def test_mutated_bundles_are_refused_cleanly_or_accepted(
    linked_alice: Any, hospital_a: Hospital, django_capture_on_commit_callbacks: Any
) -> None:
    client = hospital_a.fhir
    problems, statuses = [], []
    for n, (name, body) in enumerate(mutations(addressed_to_alice(), seed=SEED, count=CASES)):
        with django_capture_on_commit_callbacks(execute=True):  # indexing runs too
            response = client.post(
                "/fhir/R4/Bundle", data=body, content_type="application/fhir+json"
            )
        statuses.append(response.status_code)
        problem = fhir_problem(
            response.status_code, response.get("Content-Type", ""), response.content
        )
        if problem:
            problems.append(f"case {n} ({name}): {problem}")

    assert not problems, "\n".join(problems)
    assert any(s >= 400 for s in statuses) and len(statuses) == CASES
