"""Fixtures of the reading tests: alice linked at two hospitals, bob at one, and a reader."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.backend.records.reading.builders import MRN_ALICE_B, MRN_BOB_A
from tests.hospital_personas import Hospital, redeem


def link(patient: Any, hospital: Hospital, mrn: tuple[str, str]) -> None:
    from common.actors import SYSTEM
    from hospitals.services import link_code_create

    code = link_code_create(patient_id=patient.id, actor=SYSTEM)["code"]
    response = redeem(hospital, code, patient.birth_date.isoformat(), mrn)
    assert response.status_code == 201, response.content


@pytest.fixture
def alice_at_two(linked_alice: Any, hospital_b: Hospital) -> Any:
    """alice, linked at hospital A (MRN_A) and at hospital B (MRN_ALICE_B)."""
    link(linked_alice.patient, hospital_b, MRN_ALICE_B)
    return linked_alice.patient


@pytest.fixture
def linked_bob(bob: Any, hospital_a: Hospital) -> Any:
    link(bob, hospital_a, MRN_BOB_A)
    return bob


@pytest.fixture
def pushed(push: Callable[..., Any]) -> Callable[..., Any]:
    """Push and insist it was accepted: a reading test on a refused push proves nothing."""

    def _pushed(hospital: Hospital, bundle: dict[str, Any]) -> Any:
        response = push(hospital, bundle)
        assert response.status_code == 202, response.content
        return response

    return _pushed


@pytest.fixture
def read(api: Callable[..., Any]) -> Callable[..., Any]:
    """GET a reading endpoint as `user`; returns the response."""
    clients: dict[Any, Any] = {}

    def _read(user: Any, path: str, **params: Any) -> Any:
        if user.id not in clients:
            clients[user.id] = api(user)
        return clients[user.id].get(path, params)

    return _read


@pytest.fixture
def crosswalk_kd_atc(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test-only KD→ATC mapping (metformin 500 mg → A10BA02) added to the shipped
    crosswalks, loaded by the real loader; the merge code is untouched."""
    import json

    from shared.terminology import crosswalk
    from tests.backend.records.reading.builders import ATC, KD, METFORMIN_ATC, METFORMIN_KD

    mapping = {
        "source_code": METFORMIN_KD[1],
        "target_code": METFORMIN_ATC[1],
        "source": "test fixture",
        "reviewed": False,
    }
    document = {"source_system": KD, "target_system": ATC, "mappings": [mapping]}
    (tmp_path / "crosswalk_test.json").write_text(json.dumps(document))
    shipped, extra = crosswalk.links(), crosswalk.links(tmp_path)
    monkeypatch.setattr(crosswalk, "links", lambda data_dir=None: shipped | extra)


@pytest.fixture
def hypertension_table(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped terminology tables plus a test table for SNOMED 38341003 (hypertension):
    reviewed in ko and en, unreviewed in ja and zh-Hans, absent in zh-Hant and th."""
    import json
    import shutil

    from shared.terminology import tables
    from tests.backend.records.reading.builders import SNOMED

    folder = tmp_path / "terminology"
    folder.mkdir()
    for path in tables.table_paths():
        shutil.copy(path, folder / path.name)
    texts = {"ko": "고혈압", "en": "Hypertensive disorder", "ja": "高血圧症", "zh-Hans": "高血压"}
    reviewed = {"ko": True, "en": True, "ja": False, "zh-Hans": False}
    languages = ("ko", "en", "ja", "zh-Hans", "zh-Hant", "th")
    entry = {
        "system": SNOMED,
        "code": "38341003",
        "display": {lang: texts.get(lang) for lang in languages},
        "source": {lang: "test fixture" if lang in texts else None for lang in languages},
        "reviewed": {lang: reviewed.get(lang) for lang in languages},
    }
    table = {"system": SNOMED, "name": "test", "entries": {"38341003": entry}}
    (folder / "zz_test_snomed.json").write_text(json.dumps(table, ensure_ascii=False))
    monkeypatch.setattr(tables, "DATA_DIR", folder)
