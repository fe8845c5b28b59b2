"""The hospital simulator pushes files and folders over real HTTP and summarises refusals."""

from __future__ import annotations

import io

import orjson
import pytest

from records.models import Submission
from shared.hospital import HospitalClient
from shared.hospital.push import progress_bar, push_paths, report
from tests.backend.records import bundles


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "nested").mkdir()
    document = orjson.dumps(bundles.document())
    (tmp_path / "a-referral.json").write_bytes(document)
    (tmp_path / "nested" / "b-same-referral.json").write_bytes(document)
    broken = bundles.document(identifier="broken")
    del broken["timestamp"]
    (tmp_path / "c-broken.json").write_bytes(orjson.dumps(broken))
    (tmp_path / "notes.txt").write_text("not a bundle, not pushed")
    return tmp_path


def test_a_folder_is_pushed_with_progress_and_a_summary_of_refusals(
    live_server, settings, hospital_a, linked_alice, folder
):
    settings.PUBLIC_BASE_URL = live_server.url
    client = HospitalClient(live_server.url, hospital_a.client.client_id, hospital_a.keys)
    seen: list[tuple[int, int, str]] = []
    summary = push_paths(client, [folder], lambda d, t, o: seen.append((d, t, o.kind)))
    assert seen == [(1, 3, "accepted"), (2, 3, "refused"), (3, 3, "duplicate")]
    assert summary.outcomes[0].submission.startswith("/fhir/R4/_submission/")
    assert Submission.objects.count() == 1
    out = io.StringIO()
    report(summary, out)
    text = out.getvalue()
    assert text.startswith("1 accepted, 1 duplicate, 1 refused")
    assert "c-broken.json (HTTP 422)" in text and "timestamp" in text


def test_the_progress_bar_ends_its_line_when_done(tmp_path):
    from shared.hospital.push import Outcome

    stream = io.StringIO()
    draw = progress_bar(stream, width=10)
    draw(1, 2, Outcome(tmp_path / "a.json", 202))
    draw(2, 2, Outcome(tmp_path / "b.json", 422))
    assert "[#####.....] 1/2 accepted" in stream.getvalue()
    assert stream.getvalue().endswith("\n") and "2/2 refused" in stream.getvalue()
