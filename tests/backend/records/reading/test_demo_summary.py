"""The demo records tell the story they are there for: minji's clinic and university hospital
records merge into one summary with both sources; haruka's two hospitals both show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.backend.records.reading.conftest import link

pytestmark = pytest.mark.django_db
DEMO = Path(__file__).resolve().parents[3] / "fixtures" / "records" / "demo"
SEOUL = ("http://seoul-general.example/mrn", "SG-100234")
CLINIC = ("http://busan-clinic.example/chart", "BC-5521")


def demo(name: str) -> dict:
    return json.loads((DEMO / name).read_text("utf-8"))


def test_minjis_clinic_and_hospital_records_merge_with_both_sources(
    pushed, read, hospital_a, hospital_b, alice
):
    link(alice, hospital_a, SEOUL)
    link(alice, hospital_b, CLINIC)
    pushed(hospital_a, demo("seoul-general/minji-referral-letter.json"))
    pushed(hospital_b, demo("busan-clinic/minji-clinic-referral.json"))
    body = read(alice, "/api/v1/me/summary", lang="ko").json()
    sections = {s["key"]: s for s in body["sections"]}
    two_sources = {
        key: [i["display"] for i in sections[key]["items"] if len(i["sources"]) == 2]
        for key in ("problems", "medications", "results", "allergies")
    }
    assert two_sources == {
        "problems": ["고혈압", "제2형 당뇨병"],  # newest first among the active
        "medications": ["Metformin 500 mg: 500 mg twice daily with meals"],
        "results": ["Hemoglobin A1c/Hemoglobin.total in Blood: 7.2 %"],
        "allergies": ["페니실린"],
    }
    resolved = [i for i in sections["problems"]["items"] if not i["active"]]
    assert [i["status"] for i in resolved] == ["resolved"]  # the sore throat, listed last
    assert sections["problems"]["items"][-1] == resolved[0]


def test_harukas_two_hospitals_both_show_in_japanese(pushed, read, hospital_a, hospital_b):
    import datetime as dt

    from tests.personas import make_patient

    haruka = make_patient(
        email="haruka@example.jp", name="佐藤 春香", birth_date=dt.date(1975, 11, 23),
        country="JP", language="ja", time_zone="Asia/Tokyo",
    )  # fmt: skip
    link(haruka, hospital_a, ("http://seoul-general.example/mrn", "SG-100871"))
    link(haruka, hospital_b, ("http://busan-clinic.example/chart", "BC-7802"))
    pushed(hospital_a, demo("seoul-general/haruka-radiology-report.json"))
    pushed(hospital_b, demo("busan-clinic/haruka-visit-summary.json"))
    timeline = read(haruka, "/api/v1/me/timeline").json()["results"]
    assert {e["source"]["id"] for e in timeline} == {
        str(hospital_a.organization.id),
        str(hospital_b.organization.id),
    }
    summary = read(haruka, "/api/v1/me/summary").json()
    assert summary["language"] == "ja" and summary["title"] == "患者サマリー"
    results = next(s for s in summary["sections"] if s["key"] == "results")["items"]
    assert [i["sources"][0]["id"] for i in results] == [str(hospital_a.organization.id)]
