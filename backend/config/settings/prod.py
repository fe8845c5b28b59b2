"""Production: refuses to start without its secrets; TLS everywhere."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_required
from config.settings.base import *  # noqa: F403
from config.settings.base import DEBUG, PHR_MASTER_KEY_TEXT, PUBLIC_BASE_URL, REDIS_URL

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be false in production")
SECRET_KEY = env_required("SECRET_KEY", "it signs sessions and CSRF tokens")
if not PHR_MASTER_KEY_TEXT:
    raise ImproperlyConfigured(
        "PHR_MASTER_KEY or PHR_MASTER_KEY_FILE must be set in production: it wraps every "
        "patient's data key (see docs/operations.md, 'Master key')"
    )
if not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL must be set in production (Celery broker and cache)")
if not PUBLIC_BASE_URL.startswith("https://") and not env_bool("PHR_ALLOW_HTTP", False):
    raise ImproperlyConfigured("PUBLIC_BASE_URL must be https:// in production")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
