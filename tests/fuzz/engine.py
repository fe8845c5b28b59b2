"""Fuzzing engines shared by tests/fuzz (a small seeded run in CI) and bench/fuzz.py (long runs).

- `fuzz_api`: schemathesis's Python API over our OpenAPI schema (drf-spectacular), every
  `/api/v1/` operation, valid and invalid data, sent over real HTTP with a patient's token.
  A finding is a 5xx, a documented response whose body breaks its schema, or a content type
  the schema does not list. Statuses the schema does not list (400, 404, ...) are not
  findings: drf-spectacular documents successes only, and refusing hostile input is right.
- `mutations`: a seeded mutator of real FHIR Bundles for `POST /fhir/R4/Bundle`.

Loops here are bounded by a case count and a monotonic deadline both. Nothing here imports
pytest, so the long run can use it outside the suite.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

FHIR_FIXTURES = [
    "tests/fixtures/fhir/ips/hl7-fhir-ips/IPS-bundle-01.json",
    "tests/fixtures/fhir/ips/hl7-fhir-ips/bundle-minimal.json",
    "tests/fixtures/fhir/synthea/bundle_urn_ref.json",
]


@dataclass
class Tally:
    cases: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    findings: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.cases += other.cases
        self.statuses.update(other.statuses)
        self.findings.extend(other.findings)


# Known departures of answers from the schema, in apps other than the fuzzer's, reported in
# issue 14: (operation, text of the finding, why). Remove a line once its app documents the
# answer; a finding not listed here fails the test.
KNOWN: list[tuple[str, str, str]] = []  # none: the consent and export schemas were fixed


def unexpected(findings: list[str]) -> list[str]:
    return sorted(
        {f for f in findings if not any(f.startswith(op) and text in f for op, text, _ in KNOWN)}
    )


def api_operations(schema: Any, prefix: str = "/api/v1/") -> list[Any]:
    return [op.ok() for op in schema.get_all_operations() if op.ok().path.startswith(prefix)]


def fuzz_api(
    raw_schema: dict[str, Any],
    base_url: str,
    token: str,
    *,
    examples: int,
    seed: int,
    deadline: float,
) -> Tally:
    """`examples` valid and `examples` invalid cases per operation, until `deadline`."""
    import requests
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as seeded
    from schemathesis.checks import not_a_server_error
    from schemathesis.core.failures import FailureGroup
    from schemathesis.generation import GenerationMode
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
    )

    schema = schemathesis.openapi.from_dict(raw_schema)
    checks = [not_a_server_error, response_schema_conformance, content_type_conformance]
    headers = {"Authorization": f"Bearer {token}"}
    session = requests.Session()
    tally = Tally()

    def send(operation: Any, case: Any) -> None:
        if time.monotonic() > deadline:
            return
        response = case.call(base_url=base_url, session=session, headers=headers, timeout=60)
        tally.cases += 1
        tally.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=checks, headers=headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                detail = " ".join(str(failure.message).split())[:240]
                tally.findings.append(f"{operation.label} [{response.status_code}]: {detail}")

    def sender(operation: Any) -> Callable[[Any], None]:
        return lambda case: send(operation, case)  # hypothesis refuses defaulted arguments

    for operation in api_operations(schema):
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if time.monotonic() > deadline:
                return tally
            run = seeded(seed)(
                settings(
                    max_examples=examples, deadline=None, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck),
                )(given(case=operation.as_strategy(generation_mode=mode))(sender(operation)))
            )  # fmt: skip
            run()
    return tally


# --- FHIR Bundles: a seeded mutator ---------------------------------------------------------


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


def _set(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = node
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return node


WRONG_TYPES: list[Any] = [
    None, 0, -1, 1.5, True, "", "x", [], {}, [None], {"": None}, 10**40, -(10**40), 1e308,
]  # fmt: skip


def _retype(bundle: Any, rng: random.Random) -> bytes:
    path = rng.choice(list(_paths(bundle))[1:] or [()])
    return json.dumps(_set(bundle, path, rng.choice(WRONG_TYPES))).encode()


def _huge_string(bundle: Any, rng: random.Random) -> bytes:
    strings = [p for p in _paths(bundle) if p and isinstance(_get(bundle, p), str)]
    if strings:
        filler = rng.choice(["A", "가", "\u202e", "\\", "\x00", "😀"])
        _set(bundle, rng.choice(strings), filler * rng.choice([10_000, 300_000]))
    return json.dumps(bundle).encode()


def _deep_nesting(bundle: Any, rng: random.Random) -> bytes:
    # Built as text: Python's own json cannot even write what a hostile client can send.
    depth = rng.choice([50, 500, 5_000])
    deep = '{"extension": [' * depth + '{"url": "http://x.example"}' + "]}" * depth
    entries = bundle.get("entry") if isinstance(bundle, dict) else None
    if entries and isinstance(entries[0].get("resource"), dict):
        entries[0]["resource"]["extension"] = "DEEP-NESTING-HERE"
        return json.dumps(bundle).replace('"DEEP-NESTING-HERE"', f"[{deep}]").encode()
    return deep.encode()


def _invalid_utf8(bundle: Any, rng: random.Random) -> bytes:
    raw = bytearray(json.dumps(bundle, ensure_ascii=False).encode())
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(raw))
        raw[at:at] = rng.choice([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"])
    return bytes(raw)


def _duplicate_keys(bundle: Any, rng: random.Random) -> bytes:
    text = json.dumps(bundle)
    key = rng.choice(['"resourceType": ', '"type": ', '"id": ', '"identifier": '])
    at = text.find(key)
    if at < 0:
        return text.encode()
    value = rng.choice(['"Patient", ', '"transaction", ', '"x", ', "{}, "])
    return (text[:at] + key + value + text[at:]).encode()


def _truncate(bundle: Any, rng: random.Random) -> bytes:
    raw = json.dumps(bundle).encode()
    return raw[: rng.randrange(max(1, len(raw)))]


def _drop(bundle: Any, rng: random.Random) -> bytes:
    keyed = [p for p in _paths(bundle) if p and isinstance(p[-1], str)]
    if keyed:
        path = rng.choice(keyed)
        del _get(bundle, path[:-1])[path[-1]]
    return json.dumps(bundle).encode()


def _big_numbers(bundle: Any, rng: random.Random) -> bytes:
    text = json.dumps(bundle)
    number = rng.choice(["9" * 5_000, "1e999999", "-0", "NaN", "Infinity", "0." + "0" * 5_000])
    return text.replace('"value": ', f'"value": {number}, "valueX": ', 1).encode()


def _swap_type(bundle: Any, rng: random.Random) -> bytes:
    if isinstance(bundle, dict):
        bundle["type"] = rng.choice(["document", "collection", "transaction", "batch", "x", 7])
        for entry in bundle.get("entry") or []:
            resource = entry.get("resource") if isinstance(entry, dict) else None
            if isinstance(resource, dict) and rng.random() < 0.3:
                resource["resourceType"] = rng.choice(
                    ["Patient", "Bundle", "Nope", "", "Composition", "DocumentReference"]
                )
    return json.dumps(bundle).encode()


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


MUTATIONS: dict[str, Callable[[Any, random.Random], bytes]] = {
    "wrong type": _retype,
    "huge string": _huge_string,
    "deep nesting": _deep_nesting,
    "invalid UTF-8": _invalid_utf8,
    "duplicate keys": _duplicate_keys,
    "truncated": _truncate,
    "dropped field": _drop,
    "big numbers": _big_numbers,
    "swapped types": _swap_type,
}


def mutations(
    bundles: list[dict[str, Any]], *, seed: int, count: int
) -> Iterator[tuple[str, bytes]]:
    """`count` mutated bodies, the same ones for the same seed."""
    rng = random.Random(seed)
    names = sorted(MUTATIONS)
    for n in range(count):
        name = names[n % len(names)] if n < len(names) else rng.choice(names)
        bundle = json.loads(json.dumps(rng.choice(bundles)))
        yield name, MUTATIONS[name](bundle, rng)


# What POST /fhir/R4/Bundle may answer to anything a client sends: accepted, or refused with
# an OperationOutcome (docs/api.md, "FHIR ingestion").
FHIR_STATUSES = {200, 201, 202, 400, 401, 403, 404, 409, 413, 415, 422, 429}


def fhir_problem(status: int, content_type: str, body: bytes) -> str | None:
    """Why this answer to a mutated push breaks our contract, or None."""
    if status not in FHIR_STATUSES:
        return f"status {status}"
    if status >= 400:
        if not content_type.startswith("application/fhir+json"):
            return f"{status} as {content_type or 'no content type'}"
        try:
            outcome = json.loads(body)
        except ValueError:
            return f"{status} with a body that is not JSON"
        if not isinstance(outcome, dict) or outcome.get("resourceType") != "OperationOutcome":
            return f"{status} without an OperationOutcome"
    return None
