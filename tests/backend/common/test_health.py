import pytest
from django.test import Client


@pytest.mark.django_db
def test_healthz_reports_database_and_broker():
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "eager"}
    assert body["status"] == "ok"


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_broker_as_degraded(settings):
    from config.celery import app

    eager = app.conf.task_always_eager
    broker = app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = Client().get("/healthz")
    finally:
        app.conf.task_always_eager = eager
        app.conf.broker_url = broker
    assert response.status_code == 503
    assert response.json()["broker"] == "unreachable"


def test_api_docs_and_schema_are_served(db):
    client = Client()
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    # Served from our own static files: the page works on a hospital network with no
    # internet access, and tells no CDN who reads our API docs.
    assert b"cdn" not in docs.content.lower() and b"https://" not in docs.content
    assert b"swagger-ui" in docs.content
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi" in schema.content


@pytest.mark.parametrize("path", ["/api/v1/me", "/fhir/R4/metadata", "/api/v1/agreements"])
def test_answers_that_may_carry_health_data_are_never_cached(db, path):
    assert Client().get(path)["Cache-Control"] == "no-store"


def test_only_answers_under_those_prefixes_get_no_store(db):
    assert "Cache-Control" not in Client().get("/healthz")
