"""Everything logged during a full scenario — push, read, share, consult, and the refusals
on the way — holds no health data, token or passcode.

Every logger is at DEBUG for the scenario (django.request, celery and ours included) and
Celery runs in-process, so its task logs are seen too. Planted strings go in where a leak
would come from: the Bundle's clinical text and names, the links' passcodes, the tokens of
both the patient and the hospital, the messages, and values in refused input.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import orjson
import pytest

from tests.backend.records import bundles
from tests.hospital_personas import Hospital

DIAGNOSIS = "PLANTED-DIAGNOSIS-Zx81 chronic asthma of the Han river"
NOTE = "PLANTED-NOTE-Qv27 wheezes on the stairs"
NAME = "PLANTED-NAME-Kw93"
PASSCODE = "PLANTED-PASSCODE-Jr55"
WRONG_PASSCODE = "PLANTED-WRONG-PASSCODE-Hd40"
MESSAGE = "PLANTED-MESSAGE-Lm62 the inhaler stopped helping"
REASON = "PLANTED-REASON-Tb19 breathless at night"
REFUSED_VALUE = "PLANTED-REFUSED-Ny04"
BOGUS_REFRESH = "PLANTED-REFRESH-Gc77"


class Everything(logging.Handler):
    """Keeps each record as the text any handler could write: message, exception, extras."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.texts: list[str] = []
        self.formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")

    def emit(self, record: logging.LogRecord) -> None:
        extras = [repr(v) for k, v in vars(record).items() if k not in _STANDARD]
        self.texts.append(self.format(record) + " " + " ".join(extras))


_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


@pytest.fixture
def captured() -> Iterator[Everything]:
    from config.celery import app

    handler = Everything()
    root = logging.getLogger()
    loggers = [root, *(logging.getLogger(name) for name in list(root.manager.loggerDict))]
    levels = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    for name in ("django.request", "django.security", "celery", "celery.app.trace"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    root.addHandler(handler)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True  # the worker's logs come to this process
    yield handler
    app.conf.task_always_eager = eager
    root.removeHandler(handler)
    for logger, level in levels:
        logger.setLevel(level)


def planted_bundle() -> bytes:
    condition = bundles.condition("PATIENT")
    condition["code"]["text"] = DIAGNOSIS
    condition["note"] = [{"text": NOTE}]
    bundle = bundles.collection(condition, bundles.observation("PATIENT"), identifier="log-1")
    bundle["entry"][0]["resource"]["name"] = [{"text": NAME, "family": NAME}]
    return orjson.dumps(bundle)


def refused_bundle() -> bytes:
    condition = bundles.condition("PATIENT")
    condition["onsetDateTime"] = REFUSED_VALUE  # not a date: refused with an OperationOutcome
    condition["code"]["text"] = DIAGNOSIS
    return orjson.dumps(bundles.collection(condition, identifier="log-2"))


def push_and_read(hospital: Hospital, patient: Any, run: Any) -> list[str]:
    fhir = hospital.fhir
    pushed = run(fhir.post, "/fhir/R4/Bundle", data=planted_bundle(),
                 content_type="application/fhir+json")  # fmt: skip
    assert pushed.status_code == 202, pushed.content
    refused = run(fhir.post, "/fhir/R4/Bundle", data=refused_bundle(),
                  content_type="application/fhir+json")  # fmt: skip
    assert 400 <= refused.status_code < 500
    timeline = patient.get("/api/v1/me/timeline")
    assert timeline.status_code == 200 and timeline.json()["results"]
    record = timeline.json()["results"][0]["id"]
    for path in ("/api/v1/me/summary", f"/api/v1/me/records/{record}", "/api/v1/me/export/fhir"):
        assert patient.get(path).status_code == 200, path
    assert patient.get("/api/v1/me/records/not-a-record").status_code == 404
    return [hospital.token()]


def share_and_open(patient: Any, run: Any) -> list[str]:
    from django.test import Client

    from shared.shl import decode

    made = run(patient.post, "/api/v1/me/shares",
               {"summary": True, "expiry": "1d", "passcode": PASSCODE}, format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    link = decode(made.json()["link"])
    manifest = urlsplit(link.url).path
    recipient = Client()

    def open_with(passcode: str) -> Any:
        body = {"recipient": "Dr Planted", "passcode": passcode}
        return recipient.post(manifest, json.dumps(body), content_type="application/json")

    assert open_with(WRONG_PASSCODE).status_code == 401
    opened = open_with(PASSCODE)
    assert opened.status_code == 200, opened.content
    location = urlsplit(opened.json()["files"][0]["location"])
    assert recipient.get(f"{location.path}?{location.query}").status_code == 200
    # The manifest id is the link for whoever also holds the key: a 401 must not log it.
    return [made.json()["link"], link.key, manifest.rsplit("/", 1)[1]]


def consult(patient: Any, hospital: Hospital, run: Any) -> None:
    body = {
        "hospital": str(hospital.organization.id), "department": "Pulmonology",
        "reason": REASON, "questions": [MESSAGE], "language": "en",
        "interpreter_needed": False, "preferred_slots": [],
        "home_doctor": {"name": "Dr Planted", "email": "planted@clinic.example",
                        "country": "KR", "time_zone": "Asia/Seoul"},
    }  # fmt: skip
    made = run(patient.post, "/api/v1/me/consultations", body, format="json")
    assert made.status_code == 201, made.content
    thread = f"/api/v1/me/consultations/{made.json()['id']}/messages"
    posted = run(patient.post, thread, {"body": MESSAGE}, format="json")
    assert posted.status_code == 201, posted.content
    assert patient.get(thread).status_code == 200


def test_a_full_scenario_logs_no_health_data_tokens_or_passcodes(
    captured: Everything,
    alice: Any,
    linked_alice: Any,
    hospital_a: Hospital,
    api: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    def run(call: Any, *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):  # indexing, notices
            return call(*args, **kwargs)

    patient = api(alice)
    secrets = [patient.tokens.access, patient.tokens.refresh]
    secrets += push_and_read(hospital_a, patient, run)
    secrets += share_and_open(patient, run)
    consult(patient, hospital_a, run)
    refreshed = patient.post("/api/v1/auth/refresh", {"refresh": BOGUS_REFRESH}, format="json")
    assert refreshed.status_code in (400, 401)

    planted = [DIAGNOSIS, NOTE, NAME, PASSCODE, WRONG_PASSCODE, MESSAGE, REASON,
               REFUSED_VALUE, BOGUS_REFRESH, alice.name, *secrets]  # fmt: skip
    logged = "\n".join(captured.texts)
    assert len(captured.texts) > 5, "the scenario logged nothing: is capture working?"
    leaks = [p[:24] for p in planted if p in logged]
    leaks += [p[:24] for p in planted if p.startswith("PLANTED") and p.split()[0] in logged]
    assert not leaks, f"in the logs: {leaks}"
