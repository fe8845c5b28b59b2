"""A hospital pushing Bundles through the simulator (shared.hospital), and retrying as a real
hospital system does: a push that got no answer or a 5xx is sent again, byte for byte, and
PocketChart's idempotency makes the retry harmless. A 4xx is a refusal: never retried.

Runs inside the drill runner, where Django is set up against the throwaway database.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drills.stack import REPO
from shared.hospital import HospitalClient, HospitalKeys
from shared.hospital.push import Outcome, push_file

TEMPLATE = REPO / "tests/fixtures/records/demo/busan-clinic/minji-clinic-referral.json"
MRN = ("http://drill-hospital.example/mrn", "DRILL-0001")
BIRTH_DATE = "1980-04-02"
RETRY_ROUNDS = 30
PASSWORD = "drill patient password 2026"  # noqa: S105 - a throwaway database's patient


@dataclass
class Pushed:
    accepted: dict[str, str] = field(default_factory=dict)  # file name -> submission id
    refused: list[Outcome] = field(default_factory=list)
    retries: int = 0  # pushes sent again after no answer or a 5xx (during the failure)
    never_answered: list[str] = field(default_factory=list)
    seconds: float = 0.0


def bundle_files(folder: Path, count: int) -> list[Path]:
    """`count` distinct documents for the drill patient (new Bundle.identifier each)."""
    template = json.loads(TEMPLATE.read_text())
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for number in range(count):
        bundle = copy.deepcopy(template)
        bundle["identifier"] = {
            "system": "http://drill-hospital.example/docs",
            "value": f"d-{number}",
        }
        for entry in bundle["entry"]:
            if entry["resource"]["resourceType"] == "Patient":
                entry["resource"]["identifier"] = [{"system": MRN[0], "value": MRN[1]}]
        path = folder / f"bundle-{number:05d}.json"
        path.write_text(json.dumps(bundle))
        files.append(path)
    return files


def enrol(base_url: str, folder: Path) -> HospitalClient:
    """A patient, a registered hospital system and a link between them, as in production:
    the patient's link code is redeemed by the hospital over HTTP."""
    from common.actors import SYSTEM
    from hospitals.models import Organization
    from hospitals.services import client_register, link_code_create

    patient = _patient()
    organization = Organization.objects.create(
        names={"en": "Drill Hospital"}, identifier_value="99900001", country="KR"
    )
    keys = HospitalKeys.generate()
    keys.save(folder)
    client = client_register(
        organization=organization, name="Drill Hospital", jwks=keys.jwks(), actor=SYSTEM
    )
    hospital = HospitalClient(base_url, client.client_id, keys, timeout=20)
    code = link_code_create(patient_id=patient.id, actor=SYSTEM)["code"]
    hospital.link(code=code, identifiers=[MRN], birth_date=BIRTH_DATE)
    return hospital


def _patient() -> Any:
    import datetime as dt

    from accounts import agreement_texts, links
    from accounts.services import AgreementGiven, Registration, email_verify, user_register

    given = [
        AgreementGiven(k, agreement_texts.current_version(k), "ko") for k in agreement_texts.kinds()
    ]
    data = Registration(
        email="drill-patient@example.org",
        password=PASSWORD,
        name="드릴",
        birth_date=dt.date.fromisoformat(BIRTH_DATE),
        preferred_language="ko",
        time_zone="Asia/Seoul",
        country="KR",
        passport_number=None,
        agreements=given,
    )
    user = user_register(data=data, client_ip="127.0.0.1")
    if user is None:
        raise RuntimeError("the drill patient already exists")
    email_verify(token=links.verify_token(user))
    return user


def _submission(outcome: Outcome) -> str:
    return outcome.submission.rstrip("/").rsplit("/", 1)[-1]


def _pass(
    hospital: HospitalClient,
    files: list[Path],
    workers: int,
    on_progress: Callable[[int], None] | None,
) -> list[Outcome]:
    """One pass over `files`; `on_progress(done)` runs in the pushing thread as each push
    completes, so a failure injected from it lands while the other pushes are in flight."""
    done, lock = 0, threading.Lock()

    def one(path: Path) -> Outcome:
        nonlocal done
        outcome = push_file(hospital, path)
        with lock:
            done += 1
            count = done
        if on_progress is not None:
            on_progress(count)
        return outcome

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, files))


def push_all(
    hospital: HospitalClient,
    files: list[Path],
    *,
    workers: int = 4,
    on_progress: Callable[[int], None] | None = None,
) -> Pushed:
    """Push every file, retrying unanswered ones until each is accepted or refused."""
    pushed, started, pending = Pushed(), time.monotonic(), files
    progress = on_progress
    for _round in range(RETRY_ROUNDS):
        outcomes = _pass(hospital, pending, workers, progress)
        pending = []
        for outcome in outcomes:
            if outcome.status in (200, 202):
                pushed.accepted.setdefault(outcome.path.name, _submission(outcome))
            elif outcome.status == 0 or outcome.status >= 500:
                pending.append(outcome.path)
            else:
                pushed.refused.append(outcome)
        if not pending:
            break
        pushed.retries += len(pending)
        progress = None  # the failure is injected during the first pass only
        time.sleep(2)
    pushed.never_answered = [path.name for path in pending]
    pushed.seconds = time.monotonic() - started
    return pushed
