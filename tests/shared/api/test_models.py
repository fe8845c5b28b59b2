"""Parsing the server's JSON: documented shapes exactly, planned ones tolerantly."""

from __future__ import annotations

import base64

from shared.api.errors import ApiError
from shared.api.models import HospitalLink, LinkCode, Notification
from shared.api.records import RecordDetail, Summary, TimelineEntry, TimelinePage


def test_api_error_keeps_code_message_and_fields():
    body = {"error": {"code": "invalid", "message": "Bad.", "fields": {"email": ["Nope."]}}}
    error = ApiError.from_body(400, body)
    assert (error.code, error.message, error.fields) == ("invalid", "Bad.", {"email": ["Nope."]})
    assert not error.retryable and ApiError(503).retryable


def test_link_code_decodes_its_qr_png():
    png = b"\x89PNG fake"
    code = LinkCode.from_json(
        {
            "code": "K7QM2XPA",
            "expires_at": "2026-01-01T00:10:00Z",
            "qr_png": base64.b64encode(png).decode(),
        }
    )
    assert code.qr_png == png


def test_links_and_notifications_read_the_documented_shapes():
    link = HospitalLink.from_json(
        {
            "id": "l1",
            "organization": {"id": "o", "name": "서울병원", "country": "KR", "kind": "prov"},
            "status": "active",
            "linked_at": "2026-01-01T00:00:00Z",
            "revoked_at": None,
            "documents": 3,
        }
    )
    assert (link.hospital, link.documents, link.revoked_at) == ("서울병원", 3, "")
    note = Notification.from_json(
        {
            "id": "n",
            "kind": "link.created",
            "title": "t",
            "body": "b",
            "data": {"link_id": "l1"},
            "created_at": "x",
            "read": False,
        }
    )
    assert note.data["link_id"] == "l1"


def test_timeline_entries_accept_an_organization_object_or_a_name():
    page = TimelinePage.from_json(
        {
            "results": [
                {
                    "id": "1",
                    "display": "Penicillin",
                    "date": "2024-03-01",
                    "section": "allergy",
                    "organization": {"name": "Seoul"},
                },
                {
                    "id": "2",
                    "resource_type": "Observation",
                    "sort_date": "2024-02",
                    "organization": "Busan",
                    "resource": {
                        "resourceType": "Observation",
                        "code": {"text": "HbA1c"},
                        "valueQuantity": {"value": 6.1, "unit": "%"},
                    },
                },
            ],
            "next": "http://x/api/v1/me/timeline?cursor=abc&section=",
        }
    )
    first, second = page.entries
    assert (first.section, first.hospital) == ("allergies", "Seoul")
    assert second.display.startswith("HbA1c") and second.hospital == "Busan"
    assert page.next_cursor == "abc"
    assert TimelineEntry.from_json(first.to_json()) == first


def test_record_detail_keeps_translation_and_original():
    detail = RecordDetail.from_json(
        {
            "id": "1",
            "display": "ペニシリン",
            "codes": [
                {
                    "system": "http://snomed.info/sct",
                    "code": "764146007",
                    "display": "ペニシリン",
                    "original": "Penicillin",
                }
            ],
            "versions": [{"number": 2, "current": True}],
        }
    )
    assert detail.codes[0].original == "Penicillin" and detail.versions[0].number == 2


def test_summary_lists_every_card_even_when_empty():
    summary = Summary.from_json({"sections": {"allergies": [{"id": "a", "display": "Latex"}]}})
    assert list(summary.sections)[:2] == ["allergies", "medications"]
    assert summary.sections["medications"] == []


def test_the_shapes_the_records_api_answers_with():
    entry = TimelineEntry.from_json(
        {
            "id": "e1",
            "resource_type": "AllergyIntolerance",
            "section": "allergies",
            "display": "Penicillin",
            "date": {"value": "2024-05", "precision": "month", "day": "2024-05-01"},
            "source": {"id": "o1", "name": "서울병원"},
            "hidden": True,
        }
    )
    assert (entry.date, entry.hospital, entry.hidden) == ("2024-05", "서울병원", True)
    detail = RecordDetail.from_json(
        {
            "id": "e1",
            "display": "Penicillin",
            "coded": {
                "codings": [{"system": "s", "code": "c", "display": "Penicillin"}],
                "text": {"original": "Penicillin", "translation": "ペニシリン"},
            },
            "document": {"current_version": 2, "versions": [{"number": 1}, {"number": 2}]},
            "resource": {"resourceType": "AllergyIntolerance", "criticality": "high"},
        }
    )
    assert (detail.codes[0].display, detail.codes[0].original) == ("ペニシリン", "Penicillin")
    assert [v.current for v in detail.versions] == [False, True]
    assert ("field.criticality", "high") in detail.fields
    summary = Summary.from_json(
        {
            "sections": [
                {
                    "key": "allergies",
                    "items": [
                        {
                            "id": "i",
                            "display": "Latex",
                            "status_label": "Active",
                            "coded": {"codings": [], "text": None},
                            "sources": [{"id": "o", "name": "Busan"}],
                            "as_of": {"value": "2020"},
                        }
                    ],
                }
            ]
        }
    )
    item = summary.sections["allergies"][0]
    assert (item.display, item.detail, item.hospital, item.date) == (
        "Latex",
        "Active",
        "Busan",
        "2020",
    )
