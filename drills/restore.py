"""The restore drill: the demo data, backed up, one patient deleted afterwards, restored into
a new empty database; measures the recovery time and compares what the patients can read.

Steps as an operator would run them: `make demo`'s loading (load_demo, load_demo_hospitals,
tools/demo.py, the simulator pushing the demo records) on the throwaway cluster; `manage.py
backup`; one demo patient deletes their account; then `createdb`, `manage.py migrate` and
`manage.py restore` on a second database. Recovery time = migrate + restore.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from drills.stack import REPO, Stack

DEMO_RECORDS = REPO / "tests/fixtures/records/demo"


@dataclass
class RestoreResult:
    backup_seconds: float
    backup_bytes: int
    migrate_seconds: float
    restore_seconds: float
    patients: int
    documents: int
    said: str = ""  # what `manage.py restore` printed (its own timing, rows, re-applied)
    problems: list[str] = field(default_factory=list)

    @property
    def recovery_seconds(self) -> float:
        return self.migrate_seconds + self.restore_seconds


def _timed(action: Any) -> float:
    started = time.monotonic()
    action()
    return time.monotonic() - started


def _load_demo(stack: Stack) -> None:
    app, hospitals = stack.app, stack.root / "hospitals"
    app.manage("migrate", "--noinput")
    app.manage("load_demo")
    app.manage("load_demo_hospitals", "--folder", str(hospitals))
    app.start_web()
    base = app.env["PUBLIC_BASE_URL"]
    run = [sys.executable, "tools/demo.py", "--base-url", base, "--hospitals", str(hospitals)]
    subprocess.run(run, cwd=REPO, env=app.env, check=True, capture_output=True)  # noqa: S603
    for folder in sorted(DEMO_RECORDS.iterdir()):
        push = [
            sys.executable,
            "-m",
            "shared.hospital.push",
            "--keys",
            str(hospitals / folder.name),
            "--base-url",
            base,
            str(folder),
        ]
        subprocess.run(push, cwd=REPO, env=app.env, check=True, capture_output=True)  # noqa: S603
    app.kill("web")


def _use_database(name: str) -> None:
    from django.db import connections

    connections.close_all()
    connections["default"].settings_dict["NAME"] = name


def _delete_one_patient() -> str:
    from accounts.models import User
    from accounts.services.profile import account_shred
    from common.actors import SYSTEM

    patient = User.objects.filter(role="patient").order_by("email").first()
    if patient is None:
        raise RuntimeError("the demo data has no patient")
    account_shred(user=patient, actor=SYSTEM, action="account.delete")
    return str(patient.id)


def _compare(before: dict[str, Any], after: dict[str, Any], deleted: str) -> list[str]:
    problems = []
    for patient, seen in before["patients"].items():
        expected = {"shredded": True} if patient == deleted else seen
        if after["patients"].get(patient) != expected:
            problems.append(f"patient {patient} reads differently after the restore")
    if after["audit"] != before["audit"] or not after["audit_intact"]:
        problems.append("the audit chain up to the backup differs or does not verify")
    return problems


def restore_drill(stack: Stack) -> RestoreResult:
    from ops.fingerprint import fingerprint

    _load_demo(stack)
    before, backup = fingerprint(), stack.root / "demo.pcbk"
    backup_seconds = _timed(lambda: stack.app.manage("backup", str(backup)))
    deleted = _delete_one_patient()
    stack.postgres.createdb("restored")
    stack.app.env["DATABASE_URL"] = stack.postgres.url("restored")
    migrate = _timed(lambda: stack.app.manage("migrate", "--noinput"))
    said: list[str] = []
    restore = _timed(lambda: said.append(stack.app.manage("restore", str(backup))))
    _use_database("restored")
    after = fingerprint(audit_up_to=before["audit"]["head"][0])
    documents = sum(len(p.get("documents", {})) for p in before["patients"].values())
    result = RestoreResult(
        backup_seconds,
        backup.stat().st_size,
        migrate,
        restore,
        len(before["patients"]),
        documents,
        said=" ".join(said).strip(),
    )
    result.problems = _compare(before, after, deleted)
    if not documents:
        result.problems.append("the demo data loaded no documents")
    return result


def print_restore(result: RestoreResult) -> bool:
    passed = not result.problems
    print(
        f"{'PASS' if passed else 'FAIL'} restore: demo data, {result.patients} patients, "
        f"{result.documents} document versions, one patient deleted after the backup"
    )
    print(f"  backup {result.backup_seconds:.1f} s, {result.backup_bytes / 1024:.0f} KiB")
    print(
        f"  recovery {result.recovery_seconds:.1f} s = migrate {result.migrate_seconds:.1f} s "
        f"+ restore {result.restore_seconds:.1f} s (each a manage.py process, start-up included)"
    )
    print(f"  manage.py restore said: {result.said}")
    for problem in result.problems:
        print(f"  problem: {problem}")
    return passed
