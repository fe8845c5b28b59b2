"""Demo patients and their hospital links, made through the real HTTP APIs.

Run by `make demo` once the server answers: each patient registers with the agreements,
signs in, makes a link code; the demo hospital's system redeems it with a signed assertion;
then (when records exist) the hospital pushes the demo records. Last, a referral: minji
grants the Busan clinic read access to her medications, the clinic's system reads them once
over FHIR, and the read shows in her access log. Idempotent.

Two patients are known at both demo hospitals, so their merged summaries have two sources:
minji (Korean) was referred by Busan Family Clinic to Seoul General University Hospital
(which later refers her back), and haruka (Japanese) saw the clinic for bronchitis before a
chest X-ray at Seoul General. Their clinic records are pushed with the other demo records.

    python tools/demo.py --base-url http://127.0.0.1:8000 --hospitals var/demo/hospitals
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from shared.hospital import HospitalClient, HospitalError, HospitalKeys  # noqa: E402

DEMO_PASSWORD = "demo-patient-pass-2026"  # noqa: S105 - demo accounts, printed on purpose


@dataclass(frozen=True)
class DemoPatient:
    email: str
    name: str
    birth_date: str
    language: str
    time_zone: str
    country: str
    hospital: str
    mrn: tuple[str, str]
    # Further hospitals that know the patient: (demo hospital slug, its number for them).
    also: tuple[tuple[str, tuple[str, str]], ...] = ()


PATIENTS = [
    DemoPatient(
        "minji@demo.pocketchart.local",
        "김민지",
        "1980-04-02",
        "ko",
        "Asia/Seoul",
        "KR",
        "seoul-general",
        ("http://seoul-general.example/mrn", "SG-100234"),
        also=(
            (
                "busan-clinic",
                ("http://busan-clinic.example/chart", "BC-5521"),
            ),
        ),
    ),
    DemoPatient(
        "haruka@demo.pocketchart.local",
        "佐藤 春香",
        "1975-11-23",
        "ja",
        "Asia/Tokyo",
        "JP",
        "seoul-general",
        ("http://seoul-general.example/mrn", "SG-100871"),
        also=(
            (
                "busan-clinic",
                ("http://busan-clinic.example/chart", "BC-7802"),
            ),
        ),
    ),
    DemoPatient(
        "somchai@demo.pocketchart.local",
        "สมชาย ใจดี",
        "1990-06-15",
        "th",
        "Asia/Bangkok",
        "TH",
        "busan-clinic",
        ("http://busan-clinic.example/chart", "BC-7781"),
    ),
]


def _check(response: requests.Response, what: str) -> Any:
    if response.status_code >= 400:
        raise SystemExit(f"{what} failed: HTTP {response.status_code} {response.text[:300]}")
    return response.json() if response.content else None


def sign_in(base: str, patient: DemoPatient) -> requests.Session:
    session = requests.Session()
    texts = _check(
        session.get(f"{base}/api/v1/agreements", params={"language": patient.language}),
        "agreement texts",
    )
    agreements = [{"kind": t["kind"], "version": t["version"]} for t in texts]
    _check(
        session.post(
            f"{base}/api/v1/auth/register",
            json={
                "email": patient.email,
                "password": DEMO_PASSWORD,
                "name": patient.name,
                "birth_date": patient.birth_date,
                "preferred_language": patient.language,
                "time_zone": patient.time_zone,
                "country": patient.country,
                "agreements": agreements,
            },
        ),
        f"registering {patient.email}",
    )
    tokens = _check(
        session.post(
            f"{base}/api/v1/auth/login", json={"email": patient.email, "password": DEMO_PASSWORD}
        ),
        f"signing in {patient.email}",
    )
    session.headers["Authorization"] = f"Bearer {tokens['access']}"
    return session


def link(
    base: str, session: requests.Session, patient: DemoPatient, hospital: HospitalClient
) -> None:
    links = _check(session.get(f"{base}/api/v1/me/links"), "links")["results"]
    if any(item["status"] == "active" for item in links):
        return
    code = _check(session.post(f"{base}/api/v1/me/link-codes"), "link code")["code"]
    try:
        hospital.link(code=code, identifiers=[patient.mrn], birth_date=patient.birth_date)
    except HospitalError as error:
        raise SystemExit(f"linking {patient.email} failed: {error}") from None


def link_also(base: str, session: requests.Session, patient: DemoPatient, folder: Path) -> None:
    """Links to the patient's further hospitals, in order. `link` makes the first link and
    these follow it on every run, so the count of active links says how many are done."""
    links = _check(session.get(f"{base}/api/v1/me/links"), "links")["results"]
    done = sum(1 for item in links if item["status"] == "active")
    for slug, mrn in patient.also[max(done - 1, 0) :]:
        hospital = hospital_client(base, folder / slug)
        code = _check(session.post(f"{base}/api/v1/me/link-codes"), "link code")["code"]
        try:
            hospital.link(code=code, identifiers=[mrn], birth_date=patient.birth_date)
        except HospitalError as error:
            raise SystemExit(f"linking {patient.email} to {slug} failed: {error}") from None


def hospital_client(base: str, folder: Path) -> HospitalClient:
    import json

    config = json.loads((folder / "client.json").read_text())
    return HospitalClient(base, config["client_id"], HospitalKeys.load(folder))


def wait_until_up(base: str, seconds: float = 60) -> None:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the server at {base} did not answer /healthz within {seconds:.0f} s")


REFERRAL_LETTER = REPO / "tests/fixtures/records/demo/seoul-general/minji-referral-letter.json"


def _indexed(hospital: HospitalClient, location: str, seconds: float = 30) -> None:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = hospital.fhir("GET", location.removeprefix("/fhir/R4/")).json().get("status")
        if status in {"stored", "rejected"}:
            return
        time.sleep(0.5)


def _referral_grant(base: str, session: requests.Session, hira: str) -> dict[str, Any]:
    """Minji's standing referral grant to the clinic, or a new one (medications, 30 days)."""
    from datetime import UTC, datetime, timedelta

    grants = _check(session.get(f"{base}/api/v1/me/consents"), "grants")["results"]
    for grant in grants:
        if grant["kind"] == "read" and grant["status"] == "active":
            return dict(grant)
    body = {
        "grantee": {"type": "organization", "identifier": hira},
        "purpose": "referral",
        "sections": ["medications"],
        "expires_at": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
    }
    return dict(_check(session.post(f"{base}/api/v1/me/consents", json=body), "referral grant"))


def referral(base: str, folder: Path) -> None:
    """Minji refers herself to the Busan clinic: it may read her medications, and does once.

    Her referral letter is pushed first (pushing it again later answers duplicate), so the
    clinic has something to read; then she sees the read in her access log.
    """
    import json

    from shared.hospital.push import push_file

    minji = PATIENTS[0]
    seoul = hospital_client(base, folder / minji.hospital)
    outcome = push_file(seoul, REFERRAL_LETTER)
    if outcome.submission:
        _indexed(seoul, outcome.submission)
    session = sign_in(base, minji)
    busan_config = json.loads((folder / "busan-clinic" / "client.json").read_text())
    busan = HospitalClient(
        base,
        busan_config["client_id"],
        HospitalKeys.load(folder / "busan-clinic"),
        scopes="system/Patient.r",
    )
    grant = _referral_grant(base, session, hira="21100002")
    response = busan.fhir("GET", f"{grant['patient_reference']}/$everything")
    bundle = _check(response, "the clinic's read")
    types = sorted({entry["resource"]["resourceType"] for entry in bundle.get("entry", [])})
    log = _check(session.get(f"{base}/api/v1/me/access-log", params={"limit": 1}), "access log")
    print(
        f"  referral: {grant['grantee_name']} read {bundle['total']} records ({', '.join(types)})"
    )
    if log["results"]:
        print(f"  {minji.email} sees in her access log: {log['results'][0]['description']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--hospitals", default=str(REPO / "var" / "demo" / "hospitals"))
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    wait_until_up(base)
    for patient in PATIENTS:
        session = sign_in(base, patient)
        hospital = hospital_client(base, Path(args.hospitals) / patient.hospital)
        link(base, session, patient, hospital)
        link_also(base, session, patient, Path(args.hospitals))
        links = _check(session.get(f"{base}/api/v1/me/links"), "links")["results"]
        names = ", ".join(item["organization"]["name"] for item in links)
        print(f"  patient {patient.email} / {DEMO_PASSWORD}: linked to {names}")
    referral(base, Path(args.hospitals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
