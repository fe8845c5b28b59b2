"""The load suite: a realistic mix against the production shape, headless and bounded.

    python bench/load.py                    # 60 s, 24 users; --seconds 300 --users 40
    python bench/load.py --json out.json    # the figures as JSON too

Starts tools/stack.py's production shape (gunicorn, a Celery worker, prod settings) on its
own database (`pocketchart_bench_load`, recreated) on 127.0.0.1, seeds it (patients linked
to two hospitals, a pushed IPS document each, a passcode share link each, a consultation
each) and runs locust in-process with this mix of users:

- patients reading: timeline first page, summary, one record, notifications;
- hospitals pushing Bundles (HL7 IPS example, a new Bundle.identifier each time);
- recipients opening share links: manifest POST with passcode, then the file location;
- patients in consultations: reading the thread, posting a message;
- an operator probe on `GET /healthz` (one SELECT 1 and a broker ping): the ceiling.

Prints, per request type: requests, req/s, p50/p95/p99 in ms, errors and p50 over the
healthz p50. Loopback only; the run stops itself after --seconds. SHL rate limits are lifted
(as bench/shl.py does) so the work is measured, not the limiter.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "backend"), str(REPO)]
IPS = REPO / "tests/fixtures/fhir/ips/hl7-fhir-ips/IPS-bundle-01.json"
PASSCODE = "load-4711-pass"
HOSPITALS = ("seoul-general", "busan-clinic")
FHIR_JSON = "application/fhir+json"
LIFTED = {"SHL_REQUESTS_PER_LINK": str(10**9), "SHL_REQUESTS_PER_CLIENT": str(10**9)}


# --- seeding: a separate process with Django (never gevent-patched) -----------------------


def readdressed(bundle: dict[str, Any], mrn: tuple[str, str], number: str) -> bytes:
    """The Bundle for one patient, under its own identifier (so never a duplicate)."""
    for entry in bundle.get("entry", []):
        if entry.get("resource", {}).get("resourceType") == "Patient":
            entry["resource"]["identifier"] = [{"system": mrn[0], "value": mrn[1]}]
    bundle["identifier"] = {"system": "http://load.example/bundles", "value": number}
    return json.dumps(bundle).encode()


def seed_patient(number: int) -> Any:
    from django.utils import timezone

    from accounts import agreement_texts
    from accounts.models import Agreement, User

    # No password: tokens come from session_start, so seeding spends no argon2 second.
    user = User.objects.create_user(
        f"load-{number}@example.org", None, name=f"Load Patient {number}",
        birth_date="1980-04-02", preferred_language="en", time_zone="Asia/Seoul", country="KR",
    )  # fmt: skip
    for kind in agreement_texts.kinds():
        Agreement.objects.create(
            user=user, kind=kind, version=agreement_texts.current_version(kind),
            language="en", given_at=timezone.now(),
        )  # fmt: skip
    return User.objects.get(id=user.id)


def seed_hospitals(folder: Path, base_url: str) -> list[Any]:
    from common.actors import SYSTEM
    from hospitals.models import Organization
    from hospitals.services import client_register
    from shared.hospital import HospitalClient, HospitalKeys

    clients = []
    for n, slug in enumerate(HOSPITALS):
        keys = HospitalKeys.generate("ES384")
        keys.save(folder / slug)
        organization = Organization.objects.create(
            names={"en": slug}, identifier_value=f"9990000{n}", country="KR"
        )
        client = client_register(
            organization=organization, name=slug, jwks=keys.jwks(), actor=SYSTEM
        )
        (folder / slug / "client_id").write_text(client.client_id)
        clients.append(HospitalClient(base_url, client.client_id, keys))
    return clients


def check(response: Any, what: str, status: int = 200) -> Any:
    if response.status_code != status:
        raise SystemExit(f"seeding: {what} answered {response.status_code}: {response.text[:300]}")
    return response.json() if response.content else None


def seed_one(number: int, base: str, hospitals: list[Any], template: dict[str, Any]) -> dict:
    """One patient, linked and pushed to as the app and the hospitals do it: over HTTP."""
    import requests

    from accounts.services import session_start

    user = seed_patient(number)
    token = session_start(user=user, client_ip="127.0.0.1", user_agent="load-seed").access
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {token}"
    mrns = []
    for n, hospital in enumerate(hospitals):
        code = check(api.post(f"{base}/api/v1/me/link-codes"), "link code", 201)["code"]
        mrn = (f"http://{HOSPITALS[n]}.example/mrn", f"L-{number}")
        hospital.link(code=code, identifiers=[mrn], birth_date="1980-04-02")
        pushed = hospital.fhir("POST", "Bundle", readdressed(template, mrn, f"seed-{number}-{n}"))
        check(pushed, "seed push", 202)
        mrns.append(mrn)
    return {"token": token, "mrns": mrns}


def seed_reading(base: str, person: dict[str, Any]) -> None:
    """Once indexed: records to open, a passcode share link and a consultation."""
    import requests

    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {person['token']}"
    page = check(api.get(f"{base}/api/v1/me/timeline", params={"limit": 20}), "timeline")
    person["records"] = [item["id"] for item in page["results"]]
    share = check(
        api.post(f"{base}/api/v1/me/shares",
                 json={"summary": True, "expiry": "1d", "passcode": PASSCODE}),
        "share", 201,
    )  # fmt: skip
    payload = share["link"].removeprefix("shlink:/")
    person["manifest"] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))[
        "url"
    ]
    hospital = check(api.get(f"{base}/api/v1/me/links"), "links")["results"][0]["organization"]
    consultation = check(
        api.post(f"{base}/api/v1/me/consultations", json={
            "hospital": hospital["id"], "department": "Cardiology",
            "reason": "Follow-up after discharge", "questions": ["Keep the dose?"],
            "language": "en", "interpreter_needed": False, "preferred_slots": [],
            "home_doctor": {"name": "Dr Kim", "email": "kim@clinic.example", "country": "KR",
                            "time_zone": "Asia/Seoul"},
        }),
        "consultation", 201,
    )  # fmt: skip
    person["consultation"] = consultation["id"]


def seed(out: Path, patients: int) -> None:
    import django

    django.setup()
    base = os.environ["PUBLIC_BASE_URL"]
    template = json.loads(IPS.read_text("utf-8"))
    hospitals = seed_hospitals(out.parent / "hospitals", base)
    people = [seed_one(n, base, hospitals, template) for n in range(patients)]
    wait_indexed(patients * len(HOSPITALS))
    for person in people:
        seed_reading(base, person)
    out.write_text(json.dumps({"patients": people, "hospitals": [h.client_id for h in hospitals]}))


def wait_indexed(count: int) -> None:
    from records.models import Submission

    deadline = time.monotonic() + 300
    while Submission.objects.filter(status="stored").count() < count:
        if time.monotonic() > deadline:
            raise SystemExit("seeding: the worker did not index the seed pushes in 300 s")
        time.sleep(0.5)


# --- the load: locust in this process ----------------------------------------------------


def user_classes(fixture: dict[str, Any], keys_folder: Path, think: bool = True) -> list[type]:
    import random
    import uuid

    from locust import FastHttpUser, between, constant, task

    from shared.hospital import HospitalClient, HospitalKeys

    people = fixture["patients"]
    template = json.loads(IPS.read_text("utf-8"))

    def pause(low: float, high: float) -> Any:
        # --no-think: every user sends its next request at once, to find the saturation rate.
        return between(low, high) if think else constant(0)

    class Patient(FastHttpUser):
        weight = 6
        wait_time = pause(0.2, 1.0)

        def on_start(self) -> None:
            self.person = random.choice(people)
            self.auth = {"Authorization": f"Bearer {self.person['token']}"}

        @task(4)
        def timeline(self) -> None:
            self.client.get("/api/v1/me/timeline", headers=self.auth, name="timeline")

        @task(2)
        def summary(self) -> None:
            self.client.get("/api/v1/me/summary", headers=self.auth, name="summary")

        @task(2)
        def record(self) -> None:
            record = random.choice(self.person["records"])
            self.client.get(f"/api/v1/me/records/{record}", headers=self.auth, name="record")

        @task(1)
        def notifications(self) -> None:
            self.client.get("/api/v1/me/notifications", headers=self.auth, name="notifications")

    class Hospital(FastHttpUser):
        weight = 1
        wait_time = pause(0.5, 2.0)

        def on_start(self) -> None:
            n = random.randrange(len(HOSPITALS))
            keys = HospitalKeys.load(keys_folder / HOSPITALS[n])
            self.simulator = HospitalClient(self.host, fixture["hospitals"][n], keys)
            self.n = n
            self.token_until = 0.0

        def bearer(self) -> str:
            # A real EMR keeps its token for its 5 minutes; the assertion is signed per token.
            if time.monotonic() > self.token_until:
                self.token = self.simulator.token(force=True)
                self.token_until = time.monotonic() + 240
            return self.token

        @task
        def push(self) -> None:
            mrn = random.choice(people)["mrns"][self.n]
            body = readdressed(template, tuple(mrn), f"load-{uuid.uuid4().hex}")
            self.client.post(
                "/fhir/R4/Bundle", data=body, name="push bundle",
                headers={"Authorization": f"Bearer {self.bearer()}",
                         "Content-Type": FHIR_JSON, "Accept": FHIR_JSON},
            )  # fmt: skip

    class Recipient(FastHttpUser):
        weight = 2
        wait_time = pause(0.5, 1.5)

        @task
        def open_link(self) -> None:
            manifest = random.choice(people)["manifest"].removeprefix(self.host)
            with self.client.post(
                manifest, json={"recipient": "Dr Load", "passcode": PASSCODE},
                name="SHL manifest", catch_response=True,
            ) as response:  # fmt: skip
                files = response.json().get("files", []) if response.status_code == 200 else []
            for file in files[:1]:
                location = file["location"].removeprefix(self.host)
                self.client.get(location, name="SHL file")

    class Consulting(FastHttpUser):
        weight = 1
        wait_time = pause(0.5, 2.0)

        def on_start(self) -> None:
            self.person = random.choice(people)
            self.auth = {"Authorization": f"Bearer {self.person['token']}"}
            self.path = f"/api/v1/me/consultations/{self.person['consultation']}/messages"

        @task(3)
        def read(self) -> None:
            self.client.get(self.path, headers=self.auth, name="consultation messages")

        @task(1)
        def write(self) -> None:
            self.client.post(
                self.path, json={"body": "Still short of breath on stairs."},
                headers=self.auth, name="consultation post",
            )  # fmt: skip

    class Operator(FastHttpUser):
        weight = 1
        wait_time = pause(0.2, 1.0)

        @task
        def healthz(self) -> None:
            self.client.get("/healthz", name="healthz (ceiling)")

    return [Patient, Hospital, Recipient, Consulting, Operator]


def run_locust(base: str, classes: list[type], users: int, seconds: float) -> Any:
    import gevent
    from locust.env import Environment

    env = Environment(user_classes=classes, host=base)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=max(1, users // 4))
    gevent.spawn_later(seconds, runner.quit)  # the run is bounded in time
    runner.greenlet.join()
    return env.stats


def report(stats: Any, seconds: float) -> list[dict[str, Any]]:
    rows = []
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        rows.append({
            "request": entry.name, "method": entry.method, "requests": entry.num_requests,
            "rps": entry.num_requests / seconds,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99),
            "errors": entry.num_failures,
        })  # fmt: skip
    ceiling = next((r["p50"] for r in rows if r["request"].startswith("healthz")), None)
    total = stats.total
    print(f"\n{'request':<24} {'n':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} "
          f"{'err':>5} {'x ceiling':>9}   (ms)")  # fmt: skip
    for r in rows:
        ratio = f"{r['p50'] / ceiling:9.1f}" if ceiling else "        -"
        print(f"{r['request']:<24} {r['requests']:>6} {r['rps']:>7.1f} {r['p50']:>6.0f} "
              f"{r['p95']:>6.0f} {r['p99']:>6.0f} {r['errors']:>5} {ratio}")  # fmt: skip
    rate = total.num_failures / max(1, total.num_requests)
    print(f"{'all':<24} {total.num_requests:>6} {total.num_requests / seconds:>7.1f} "
          f"{total.get_response_time_percentile(0.5):>6.0f} "
          f"{total.get_response_time_percentile(0.95):>6.0f} "
          f"{total.get_response_time_percentile(0.99):>6.0f} {total.num_failures:>5}"
          f"   error rate {rate:.2%}")  # fmt: skip
    for error in stats.errors.values():
        print(
            f"  error: {error.method} {error.name}: {str(error.error)[:160]} x{error.occurrences}"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--users", type=int, default=24)
    parser.add_argument("--patients", type=int, default=12)
    parser.add_argument("--web", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8793)
    parser.add_argument("--no-think", action="store_true", help="no pause between requests")
    parser.add_argument(
        "--only", choices=["Patient", "Hospital", "Recipient", "Consulting", "Operator"],
        help="one kind of user alone (Operator: the healthz ceiling by itself)",
    )  # fmt: skip
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--seed", type=Path, help=argparse.SUPPRESS)  # the seeding child
    args = parser.parse_args()
    if args.seed:
        seed(args.seed, args.patients)
        return
    if not 0 < args.seconds <= 3600:
        raise SystemExit("--seconds must be between 0 and 3600")
    # locust patches sockets and threads with gevent on import: before anything opens one.
    import locust  # noqa: F401

    sys.path.insert(0, str(REPO / "tools"))
    from stack import Stack

    stack = Stack(db="pocketchart_bench_load", port=args.port, web=args.web, workers=1,
                  redis_db=11, recreate=True, beat=False, extra_env=LIFTED)  # fmt: skip
    with stack:
        fixture_path = stack.folder / "load-fixture.json"
        subprocess.run(
            [sys.executable, __file__, "--seed", str(fixture_path),
             "--patients", str(args.patients)],
            env=stack.env(), cwd=REPO, check=True,
        )  # fmt: skip
        fixture = json.loads(fixture_path.read_text())
        classes = user_classes(fixture, stack.folder / "hospitals", think=not args.no_think)
        classes = [c for c in classes if args.only in (None, c.__name__)]
        print(f"load: {args.users} users for {args.seconds:.0f} s against {stack.base_url} "
              f"(gunicorn {args.web} sync workers, 1 Celery worker, prod settings), "
              f"{args.patients} patients seeded{'; no think time' if args.no_think else ''}",
              flush=True)  # fmt: skip
        stats = run_locust(stack.base_url, classes, args.users, args.seconds)
        rows = report(stats, args.seconds)
    if args.json:
        args.json.write_text(json.dumps({"seconds": args.seconds, "users": args.users,
                                         "rows": rows}, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
