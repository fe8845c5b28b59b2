"""How the viewer is served: strict headers, no cookies, its own files only, a separate host
kept to the viewer alone, and terminology tables that match shared/terminology."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from viewer.assets import ASSET_DIR, assets
from viewer.tables import stale_tables, write_tables

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


@pytest.fixture
def visitor() -> Client:
    """A browser that already holds a staff session and a CSRF cookie on this origin."""
    client = Client()
    client.cookies["sessionid"] = "a-staff-session"
    client.cookies["csrftoken"] = "x" * 32
    return client


def test_the_page_carries_the_strict_headers_and_sets_no_cookie(visitor: Client) -> None:
    response = visitor.get("/viewer/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CSP
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_the_page_loads_nothing_from_elsewhere(visitor: Client) -> None:
    html = visitor.get("/viewer/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/viewer/assets/") or s == "data:," for s in sources)
    for name, (body, _kind) in assets().files.items():
        if name.endswith((".js", ".css")):
            assert not re.search(rb"https?://", body), f"{name} names an external URL"
        if name.endswith(".css"):
            assert not re.search(rb"@import|\burl\(", body), f"{name} loads a resource"


def test_no_viewer_script_can_insert_markup() -> None:
    sinks = re.compile(
        r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|"
        r"setAttribute\(\s*[\"']on|srcdoc"
    )
    for path in ASSET_DIR.glob("*.js"):
        assert not sinks.search(path.read_text("utf-8")), f"{path.name} has an HTML sink"


def test_files_are_served_by_digest_with_long_caching(visitor: Client) -> None:
    digest = assets().digest
    response = visitor.get(f"/viewer/assets/{digest}/viewer.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "immutable" in response["Cache-Control"] and not response.cookies
    table = visitor.get(f"/viewer/assets/{digest}/terminology/ja.json")
    assert table.status_code == 200 and table["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "path",
    [
        "/viewer/assets/0000000000000000/viewer.js",  # an old or made-up digest
        "/viewer/assets/{digest}/../views.py",
        "/viewer/assets/{digest}/..%2Fviews.py",
        "/viewer/assets/{digest}/index.html",
        "/viewer/assets/{digest}/nothing.js",
    ],
)
def test_only_the_viewer_files_are_served(visitor: Client, path: str) -> None:
    response = visitor.get(path.format(digest=assets().digest))
    assert response.status_code == 404


def test_the_page_refuses_to_be_posted_to(visitor: Client) -> None:
    assert visitor.post("/viewer/").status_code == 405


@pytest.fixture
def separate_host(settings: Any) -> None:
    settings.PUBLIC_BASE_URL = "https://phr.example.org"
    settings.VIEWER_ORIGIN = "https://view.example.org"
    settings.ALLOWED_HOSTS = ["phr.example.org", "view.example.org"]


def test_on_its_own_host_the_viewer_may_reach_only_the_manifest_server(
    separate_host: None,
) -> None:
    response = Client().get("/viewer/", HTTP_HOST="view.example.org", secure=True)
    assert response.status_code == 200
    assert "connect-src 'self' https://phr.example.org;" in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/api/v1/me", "/admin/login/", "/healthz", "/shl/abc"])
def test_the_viewer_host_answers_nothing_but_the_viewer(separate_host: None, path: str) -> None:
    response = Client().get(path, HTTP_HOST="view.example.org", secure=True)
    assert response.status_code == 404
    assert not response.cookies


def test_the_main_host_sends_viewer_links_to_the_viewer_host(separate_host: None) -> None:
    response = Client().get("/viewer/", HTTP_HOST="phr.example.org", secure=True)
    assert response.status_code == 302
    # The #shlink:/… fragment is never sent; browsers carry it across this redirect.
    assert response["Location"] == "https://view.example.org/viewer/"


def test_the_committed_tables_match_shared_terminology() -> None:
    call_command("build_viewer_terminology", "--check")


def test_a_changed_table_is_reported_stale(tmp_path: Path) -> None:
    write_tables(tmp_path)
    assert stale_tables(tmp_path) == []
    (tmp_path / "ja.json").write_text("{}")
    (tmp_path / "xx.json").write_text("{}")
    (tmp_path / "th.json").unlink()
    assert stale_tables(tmp_path) == ["ja.json", "th.json", "xx.json"]
