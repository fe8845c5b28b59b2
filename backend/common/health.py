"""GET /healthz: is the database reachable, and the broker (or are tasks run in-process)?"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from config.celery import app as celery_app


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # any failure means "not reachable"; the cause is for the logs, not here
        return "unreachable"


def _broker() -> str:
    if celery_app.conf.task_always_eager:
        return "eager"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:  # kombu raises many kinds for a broker that is down: all mean the same
        return "unreachable"


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "broker": _broker()}
    healthy = all(v in {"ok", "eager"} for v in checks.values())
    body = {
        "status": "ok" if healthy else "degraded",
        **checks,
        "version": settings.SPECTACULAR_SETTINGS["VERSION"],
    }
    return JsonResponse(body, status=200 if healthy else 503)
