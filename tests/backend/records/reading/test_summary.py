"""The merged summary: IPS sections across hospitals, one item per concept, only what the
hospitals currently stand by, active before resolved."""

from __future__ import annotations

import pytest

from records.models import IndexEntry
from tests.backend.records.reading import builders as b

pytestmark = pytest.mark.django_db
SUMMARY = "/api/v1/me/summary"


def section(body: dict, key: str) -> dict:
    return next(s for s in body["sections"] if s["key"] == key)


def summary(read, user, **params) -> dict:
    response = read(user, SUMMARY, **{"lang": "en", **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_the_same_medication_from_two_hospitals_shows_once_with_both_sources(
    pushed, read, hospital_a, hospital_b, alice_at_two
):
    pushed(hospital_a, b.record_set(b.medication(b.METFORMIN_ATC, day="2024-01-10")))
    pushed(
        hospital_b, b.record_set(b.medication(b.METFORMIN_ATC, day="2024-05-02"), mrn=b.MRN_ALICE_B)
    )
    [item] = section(summary(read, alice_at_two), "medications")["items"]
    assert item["as_of"]["value"] == "2024-05-02"
    assert [s["id"] for s in item["sources"]] == [
        str(hospital_b.organization.id),
        str(hospital_a.organization.id),
    ]
    assert [s["as_of"]["value"] for s in item["sources"]] == ["2024-05-02", "2024-01-10"]
    assert item["coded"]["codings"] == [
        {"system": b.ATC, "code": "A10BA02", "display": "metformin"}
    ]


def test_kd_and_atc_codes_stay_side_by_side_without_a_crosswalk(
    pushed, read, hospital_a, hospital_b, alice_at_two
):
    pushed(hospital_a, b.record_set(b.medication(b.METFORMIN_KD)))
    pushed(hospital_b, b.record_set(b.medication(b.METFORMIN_ATC), mrn=b.MRN_ALICE_B))
    items = section(summary(read, alice_at_two), "medications")["items"]
    assert len(items) == 2


def test_kd_and_atc_codes_merge_through_the_shipped_crosswalk(
    pushed, read, hospital_a, hospital_b, alice_at_two, crosswalk_kd_atc
):
    pushed(hospital_a, b.record_set(b.medication(b.METFORMIN_KD, day="2024-02-01")))
    pushed(
        hospital_b, b.record_set(b.medication(b.METFORMIN_ATC, day="2024-01-01"), mrn=b.MRN_ALICE_B)
    )
    [item] = section(summary(read, alice_at_two), "medications")["items"]
    assert {c["system"] for c in item["coded"]["codings"]} == {b.KD, b.ATC}
    assert len(item["sources"]) == 2 and item["as_of"]["value"] == "2024-02-01"


def test_a_crosswalk_never_merges_a_code_with_an_unrelated_one(
    pushed, read, hospital_a, hospital_b, alice_at_two, crosswalk_kd_atc
):
    pushed(hospital_a, b.record_set(b.medication(b.METFORMIN_KD)))
    pushed(
        hospital_b, b.record_set(b.medication((b.ATC, "C09AA02", "enalapril")), mrn=b.MRN_ALICE_B)
    )
    assert len(section(summary(read, alice_at_two), "medications")["items"]) == 2


def test_a_resolved_problem_is_not_listed_as_active(
    pushed, read, hospital_a, hospital_b, alice_at_two
):
    asthma = (b.SNOMED, "195967001", "Asthma")
    pushed(hospital_a, b.record_set(b.condition(asthma, day="2020-01-01", status="active")))
    pushed(
        hospital_b,
        b.record_set(b.condition(asthma, day="2024-01-01", status="resolved"), mrn=b.MRN_ALICE_B),
    )
    pushed(hospital_a, b.record_set(
        b.condition((b.SNOMED, "38341003", "Hypertension"), day="2019-01-01"), identifier="set-2"
    ))  # fmt: skip
    items = section(summary(read, alice_at_two), "problems")["items"]
    assert [(i["display"], i["status"], i["active"]) for i in items] == [
        ("Hypertension", "active", True),  # active first, though older
        ("Asthma", "resolved", False),
    ]
    assert items[1]["status_label"] == "Resolved"


def test_a_new_version_replaces_the_old_one(pushed, read, hospital_a, linked_alice):
    pushed(hospital_a, b.record_set(b.medication(b.METFORMIN_ATC)))
    pushed(hospital_a, b.record_set(b.medication((b.ATC, "C09AA02", "enalapril"))))
    [item] = section(summary(read, linked_alice.patient), "medications")["items"]
    assert item["display"] == "enalapril"


def test_a_retracted_document_drops_out_of_the_summary(pushed, read, hospital_a, linked_alice):
    pushed(hospital_a, b.record_set(b.medication(b.METFORMIN_ATC), identifier="meds"))
    retraction = b.record_set(identifier="meds")
    retraction["entry"].append(b.retracted_reference(retraction))
    pushed(hospital_a, retraction)
    meds = section(summary(read, linked_alice.patient), "medications")
    assert meds["items"] == [] and meds["empty"] == "No information"


def test_refuted_and_entered_in_error_entries_do_not_count(pushed, read, hospital_a, linked_alice):
    refuted = b.condition((b.SNOMED, "195967001", "Asthma"))
    refuted["verificationStatus"] = {"coding": [{"system": b.VERIFICATION, "code": "refuted"}]}
    pushed(
        hospital_a, b.record_set(refuted, b.medication(b.METFORMIN_ATC, status="entered-in-error"))
    )
    body = summary(read, linked_alice.patient)
    assert section(body, "problems")["items"] == section(body, "medications")["items"] == []


def test_required_sections_say_no_information_and_others_stay_quiet(read, linked_alice):
    body = summary(read, linked_alice.patient, lang="ja")
    required = {s["key"]: s["empty"] for s in body["sections"] if s["required"]}
    assert required == {"problems": "情報なし", "allergies": "情報なし", "medications": "情報なし"}
    assert all(s["empty"] is None for s in body["sections"] if not s["required"])
    assert [s["code"] for s in body["sections"]][:3] == ["11450-4", "48765-2", "10160-0"]


def test_hidden_entries_drop_out_unless_included(pushed, read, hospital_a, linked_alice):
    pushed(hospital_a, b.record_set(b.medication(b.METFORMIN_ATC)))
    IndexEntry.objects.filter(resource_type="MedicationStatement").update(hidden=True)
    assert section(summary(read, linked_alice.patient), "medications")["items"] == []
    shown = section(summary(read, linked_alice.patient, include="hidden"), "medications")
    assert len(shown["items"]) == 1


def test_results_keep_the_latest_value_of_each_test(pushed, read, hospital_a, linked_alice):
    values = [("2024-01-01", 7.9), ("2024-03-01", 7.1), ("2024-02-01", 7.5)]
    pushed(hospital_a, b.record_set(*[b.observation(value=v, day=d) for d, v in values]))
    [item] = section(summary(read, linked_alice.patient), "results")["items"]
    assert (item["display"], item["as_of"]["value"]) == ("4548-4: 7.1 L/min", "2024-03-01")


def test_another_patients_records_never_enter_the_summary(
    pushed, read, hospital_a, linked_alice, linked_bob
):
    pushed(hospital_a, b.record_set(b.medication(b.METFORMIN_ATC), mrn=b.MRN_BOB_A))
    assert section(summary(read, linked_alice.patient), "medications")["items"] == []
