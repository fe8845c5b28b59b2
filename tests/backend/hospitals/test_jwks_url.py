"""A JWKS URL is a server-side request chosen from outside: fetched only where allowed."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.hospital_personas import make_hospital

pytestmark = pytest.mark.django_db


class JwksServer:
    def __init__(self, jwks: dict) -> None:
        self.hits = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.hits += 1
                body = json.dumps(jwks).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/jwks.json"

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def url_hospital():
    hospital = make_hospital("URL Hospital", "51100005")
    server = JwksServer(hospital.keys.jwks())
    hospital.client.jwks, hospital.client.jwks_url = None, server.url
    hospital.client.save()
    yield hospital, server
    server.close()


def test_a_host_off_the_allow_list_is_never_fetched(url_hospital, settings):
    hospital, server = url_hospital
    settings.HOSPITAL_JWKS_ALLOWED_HOSTS = ["keys.hospital.example"]
    settings.HOSPITAL_JWKS_ALLOW_HTTP = settings.HOSPITAL_JWKS_ALLOW_PRIVATE = True
    response = hospital.request_token()
    assert response.status_code == 401
    assert "allow-list" in response.json()["error_description"]
    assert server.hits == 0


def test_an_allowed_host_resolving_to_a_private_address_is_never_fetched(url_hospital, settings):
    hospital, server = url_hospital
    settings.HOSPITAL_JWKS_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.HOSPITAL_JWKS_ALLOW_HTTP = True
    settings.HOSPITAL_JWKS_ALLOW_PRIVATE = False
    response = hospital.request_token()
    assert response.status_code == 401
    assert "private address" in response.json()["error_description"]
    assert server.hits == 0


def test_plain_http_is_refused_by_default(url_hospital, settings):
    hospital, server = url_hospital
    settings.HOSPITAL_JWKS_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.HOSPITAL_JWKS_ALLOW_PRIVATE = True
    response = hospital.request_token()
    assert response.status_code == 401
    assert server.hits == 0


def test_an_allowed_url_is_fetched_once_and_cached(url_hospital, settings):
    hospital, server = url_hospital
    settings.HOSPITAL_JWKS_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.HOSPITAL_JWKS_ALLOW_HTTP = settings.HOSPITAL_JWKS_ALLOW_PRIVATE = True
    assert hospital.request_token().status_code == 200
    assert hospital.request_token().status_code == 200
    assert server.hits == 1
