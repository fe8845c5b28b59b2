"""The long fuzz run against the production shape: schemathesis and the FHIR Bundle mutator.

    python bench/fuzz.py --minutes 10        # seeded; --seed 7 to start elsewhere

Starts tools/stack.py's stack (prod settings, gunicorn, a Celery worker) on its own database
(`pocketchart_bench_fuzz`, recreated), seeds one patient linked to two hospitals with a
pushed IPS document, a share link and a consultation (bench/load.py's seeding), then
alternates rounds until the time is up, each round with the next seed:

- every `/api/v1/` operation from `/api/schema/`, valid and invalid data, as the patient;
- mutated real Bundles pushed to `POST /fhir/R4/Bundle` as a hospital.

Prints cases run, statuses and every finding (a 5xx, a body that breaks its documented
schema, an undocumented content type, a FHIR refusal that is not an OperationOutcome) and
exits 1 if there was one beyond the known departures listed in tests/fuzz/engine.py. The
small seeded version of the same runs in the test suite (tests/fuzz). Loopback only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "backend"), str(REPO), str(REPO / "tools"), str(REPO / "bench")]

from tests.fuzz.engine import (  # noqa: E402
    FHIR_FIXTURES,
    Tally,
    fhir_problem,
    fuzz_api,
    mutations,
    unexpected,
)

MUTATIONS_PER_ROUND = 200
EXAMPLES_PER_ROUND = 10


def seeded(stack: Any) -> tuple[dict[str, Any], Any]:
    """One patient and their hospitals, made through the real endpoints (as bench/load.py)."""
    import django

    os.environ.update(stack.env())
    django.setup()
    from load import HOSPITALS, IPS, seed_hospitals, seed_one, seed_reading, wait_indexed

    template = json.loads(IPS.read_text("utf-8"))
    hospitals = seed_hospitals(stack.folder / "hospitals", stack.base_url)
    person = seed_one(0, stack.base_url, hospitals, template)
    wait_indexed(len(HOSPITALS))
    seed_reading(stack.base_url, person)
    return person, hospitals[0]


def fresh_token(person: dict[str, Any]) -> str:
    """Access tokens live 10 minutes: each round gets a new session's."""
    from accounts.models import User
    from accounts.services import session_start

    user = User.objects.get(email="load-0@example.org")
    return session_start(user=user, client_ip="127.0.0.1", user_agent="fuzz").access


def fhir_round(hospital: Any, mrn: tuple[str, str], seed: int, deadline: float) -> Tally:
    bundles = []
    for name in FHIR_FIXTURES:
        bundle = json.loads((REPO / name).read_text("utf-8"))
        for entry in bundle.get("entry", []):
            if entry.get("resource", {}).get("resourceType") == "Patient":
                entry["resource"]["identifier"] = [{"system": mrn[0], "value": mrn[1]}]
        bundles.append(bundle)
    tally = Tally()
    for n, (name, body) in enumerate(mutations(bundles, seed=seed, count=MUTATIONS_PER_ROUND)):
        if time.monotonic() > deadline:
            break
        response = hospital.fhir("POST", "Bundle", body)
        tally.cases += 1
        tally.statuses[response.status_code] += 1
        problem = fhir_problem(
            response.status_code, response.headers.get("Content-Type", ""), response.content
        )
        if problem:
            tally.findings.append(f"POST /fhir/R4/Bundle seed {seed} case {n} ({name}): {problem}")
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=1414)
    parser.add_argument("--port", type=int, default=8794)
    args = parser.parse_args()
    if not 0 < args.minutes <= 24 * 60:
        raise SystemExit("--minutes must be between 0 and 1440")
    import requests
    from stack import Stack

    stack = Stack(db="pocketchart_bench_fuzz", port=args.port, web=3, workers=1,
                  redis_db=10, recreate=True, beat=False)  # fmt: skip
    api, fhir = Tally(), Tally()
    with stack:
        person, hospital = seeded(stack)
        schema = requests.get(f"{stack.base_url}/api/schema/?format=json", timeout=60).json()
        deadline = time.monotonic() + args.minutes * 60
        seed, rounds = args.seed, 0
        while time.monotonic() < deadline and rounds < 10_000:
            token = fresh_token(person)
            api.add(fuzz_api(schema, stack.base_url, token, examples=EXAMPLES_PER_ROUND,
                             seed=seed, deadline=deadline))  # fmt: skip
            fhir.add(fhir_round(hospital, tuple(person["mrns"][0]), seed, deadline))
            print(f"round {rounds} (seed {seed}): api {api.cases} cases, "
                  f"FHIR {fhir.cases} pushes, findings {len(api.findings) + len(fhir.findings)}",
                  flush=True)  # fmt: skip
            seed, rounds = seed + 1, rounds + 1
    report(api, fhir)


def report(api: Tally, fhir: Tally) -> None:
    for name, tally in (("API (schemathesis)", api), ("POST /fhir/R4/Bundle (mutator)", fhir)):
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(tally.statuses.items()))
        print(f"\n{name}: {tally.cases} cases; statuses {statuses}")
        for finding, count in Counter(tally.findings).most_common():
            print(f"  {count:>4} x {finding}")
    new = unexpected(api.findings) + sorted(set(fhir.findings))
    print(f"\nfindings beyond the known ones: {len(new)}")
    if new:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
