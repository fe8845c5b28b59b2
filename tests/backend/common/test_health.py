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
    assert client.get("/api/docs/").status_code == 200
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi" in schema.content
