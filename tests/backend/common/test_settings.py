"""Start-up refuses bad configuration with a message that names the problem."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def start(settings_module: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PHR_", "DEBUG", "SECRET_KEY", "REDIS_URL", "PUBLIC_BASE"))
    }
    clean.update(
        env, DJANGO_SETTINGS_MODULE=settings_module, PYTHONPATH=f"{REPO / 'backend'}:{REPO}"
    )
    code = "import django; django.setup(); print('started')"
    return subprocess.run(
        [sys.executable, "-c", code],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )


PROD_OK = {
    "SECRET_KEY": "s" * 50,
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "PUBLIC_BASE_URL": "https://phr.example.org",
    "PHR_MASTER_KEY": "a2V5LWtleS1rZXkta2V5LWtleS1rZXkta2V5LWtleSE=",
}


def test_production_starts_with_everything_it_needs():
    result = start("config.settings.prod", **PROD_OK)
    assert result.returncode == 0, result.stderr[-500:]
    assert "started" in result.stdout


def test_production_refuses_to_start_without_a_master_key():
    env = {k: v for k, v in PROD_OK.items() if k != "PHR_MASTER_KEY"}
    result = start("config.settings.prod", **env)
    assert result.returncode != 0
    assert "PHR_MASTER_KEY or PHR_MASTER_KEY_FILE must be set in production" in result.stderr


def test_a_malformed_boolean_stops_start_up_naming_the_variable():
    result = start("config.settings.prod", **PROD_OK, DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr and "'maybe'" in result.stderr


def test_a_master_key_of_the_wrong_length_is_refused(tmp_path):
    key_file = tmp_path / "master.key"
    key_file.write_text("c2hvcnQ=\n")
    env = {k: v for k, v in PROD_OK.items() if k != "PHR_MASTER_KEY"}
    code = "import django; django.setup(); from common.crypto.keys import keyring; keyring()"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PHR_")}
    clean.update(
        env,
        PHR_MASTER_KEY_FILE=str(key_file),
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        PYTHONPATH=f"{REPO / 'backend'}:{REPO}",
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert result.returncode != 0
    assert "must be 32 bytes" in result.stderr


def test_a_public_base_url_with_a_path_is_refused():
    result = start("config.settings.prod", **{**PROD_OK, "PUBLIC_BASE_URL": "https://x.org/phr"})
    assert result.returncode != 0
    assert "PUBLIC_BASE_URL must be an http(s) origin" in result.stderr


def test_production_refuses_plain_http_public_url():
    result = start("config.settings.prod", **{**PROD_OK, "PUBLIC_BASE_URL": "http://x.org"})
    assert result.returncode != 0
    assert "must be https://" in result.stderr
