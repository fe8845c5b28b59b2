"""The app stands alone: it never imports the server (backend/, Django, DRF, Celery)."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BACKEND_PACKAGES = {p.name for p in (REPO / "backend").iterdir() if (p / "__init__.py").exists()}
FORBIDDEN = {"backend", "django", "rest_framework", "celery", *BACKEND_PACKAGES}


def test_no_mobile_module_imports_the_server():
    offenders = []
    for path in (REPO / "mobile").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert "records" in FORBIDDEN and offenders == []


def test_screens_never_reach_the_api_or_the_running_app():
    for path in (REPO / "mobile" / "screens").glob("*.*"):
        text = path.read_text(encoding="utf-8")
        assert "get_running_app" not in text, path
        assert "client." not in text and "shared.api" not in text, path


def test_view_models_hold_no_widgets():
    for path in (REPO / "mobile" / "viewmodels").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "kivy.uix" not in text and "kivy.core.window" not in text, path
