"""Settings shared by every environment; each value comes from the environment.

dev.py, test.py and prod.py only change defaults and add checks; nothing secret lives here.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_secret, env_str

REPO_DIR = Path(__file__).resolve().parents[3]
BACKEND_DIR = REPO_DIR / "backend"
DATA_DIR = Path(env_str("PHR_DATA_DIR", str(REPO_DIR / "var")) or "var")

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY") or ""
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

# Every absolute URL and every token audience is built from this, never from the Host header.
PUBLIC_BASE_URL = (env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
_public = urlsplit(PUBLIC_BASE_URL)
if _public.scheme not in {"http", "https"} or not _public.netloc or _public.path not in {"", "/"}:
    raise ImproperlyConfigured(
        f"PUBLIC_BASE_URL must be an http(s) origin such as https://phr.example.org, "
        f"got {PUBLIC_BASE_URL!r}"
    )

# Client addresses: X-Forwarded-For is believed only for this many proxy hops in front of us.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "common",
    "audit",
    "accounts",
    "hospitals",
    "notifications",
    "records",
    "consent",
    "consultations",
    "sharing",
    "corrections",
    "exports",
    "viewer",
    "staffconsole",
    "ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "viewer.middleware.ViewerHostMiddleware",  # a separate viewer host serves /viewer/ only
    "common.middleware.RequestContextMiddleware",
    "common.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "staffconsole.middleware.ConsoleHeadersMiddleware",  # CSP and no-store under /staff/
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BACKEND_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_config(url: str) -> dict:
    try:
        config = environ.Env.db_url_config(url)
    except Exception:  # django-environ raises several types; each means a malformed URL
        raise ImproperlyConfigured("DATABASE_URL is not a valid database URL") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # BEGIN IMMEDIATE: two writers never both read the same audit chain head.
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    else:
        config["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {
    "default": database_config(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'pocketchart.sqlite3'}") or ""
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Celery: with no REDIS_URL the embedded default runs tasks in-process (eager).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the message for another
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A publish to a broker that is down gives up at once (kombu's default retries took 6 s per
# push in the Redis outage drill, docs/operations.md "Failure drills"): the push is already
# committed and the sweeper publishes it later. Workers reconnect on their own schedule.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TIMEZONE = "UTC"
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "pocketchart")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # keep the redacting LOGGING above
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "audit-verify-nightly": {"task": "audit.tasks.verify_chain", "schedule": 24 * 3600.0},
    "audit-seal-checkpoint": {"task": "audit.tasks.seal_checkpoint", "schedule": 300.0},
    "hospitals-purge-expired": {"task": "hospitals.tasks.purge_expired", "schedule": 3600.0},
    "consultations-reminders": {
        "task": "consultations.tasks.send_reminders",
        "schedule": float(env_int("CONSULTATIONS_REMINDER_SECONDS", 300, minimum=30)),
    },
    "records-sweep-pending": {
        "task": "records.tasks.sweep_pending_submissions",
        "schedule": float(env_int("RECORDS_SWEEP_SECONDS", 60, minimum=5)),
    },
    "sharing-purge-expired": {"task": "sharing.tasks.purge_expired_shares", "schedule": 600.0},
    "exports-purge-expired": {"task": "exports.tasks.purge_expired_exports", "schedule": 600.0},
    # Last month's audit events become a sealed segment (ops; retention purges whole ones).
    "ops-seal-audit-segments": {"task": "ops.tasks.seal_audit_segments", "schedule": 6 * 3600.0},
}

# Master keys for envelope encryption (see common/crypto). Read lazily by common.crypto.keys so
# that management commands which need no keys still run; prod.py insists at start-up.
PHR_MASTER_KEY_TEXT = env_secret("PHR_MASTER_KEY")
PHR_MASTER_KEY_PATH = DATA_DIR / "master.key"
PHR_MASTER_KEY_AUTOGENERATE = False
AUDIT_CHECKPOINT_PATH = Path(
    env_str("AUDIT_CHECKPOINT_PATH", str(DATA_DIR / "audit-checkpoint.json")) or ""
)

# Retention (consent app; docs/operations.md, "Access review and retention"). Korean law sets
# floors, not defaults: access logs at least 2 years (safety-measures notice Art. 8),
# permission changes at least 3 years (Art. 5). A lower value stops start-up.
AUDIT_RETENTION_MIN_DAYS = 731  # two years, a leap day included
PERMISSION_CHANGE_RETENTION_MIN_DAYS = 1096  # three years, a leap day included
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", AUDIT_RETENTION_MIN_DAYS)
PERMISSION_CHANGE_RETENTION_DAYS = env_int(
    "PERMISSION_CHANGE_RETENTION_DAYS", PERMISSION_CHANGE_RETENTION_MIN_DAYS
)
for _name, _value, _floor, _why in [
    ("AUDIT_RETENTION_DAYS", AUDIT_RETENTION_DAYS, AUDIT_RETENTION_MIN_DAYS, "access logs 2 years"),
    (
        "PERMISSION_CHANGE_RETENTION_DAYS",
        PERMISSION_CHANGE_RETENTION_DAYS,
        PERMISSION_CHANGE_RETENTION_MIN_DAYS,
        "permission changes 3 years",
    ),
]:
    if _value < _floor:
        raise ImproperlyConfigured(
            f"{_name}={_value} is below the legal minimum of {_floor} days ({_why}, Korean "
            f"personal information safety-measures notice); set it to {_floor} or more."
        )

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ko", "한국어"),
    ("en", "English"),
    ("ja", "日本語"),
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("th", "ไทย"),
]
LOCALE_PATHS = [BACKEND_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "files"

# Request bodies: FHIR pushes are read by our own streamed limit (records app), so Django's
# in-memory cap only guards everything else.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FHIR_MAX_BODY_BYTES = env_int("FHIR_MAX_BODY_BYTES", 20 * 1024 * 1024, minimum=1024)
# Indexing pushed records (records app; docs/operations.md, "Ingestion queue").
RECORDS_INDEX_LEASE_SECONDS = env_int("RECORDS_INDEX_LEASE_SECONDS", 300, minimum=10)
RECORDS_SWEEP_GRACE_SECONDS = env_int("RECORDS_SWEEP_GRACE_SECONDS", 60, minimum=0)
RECORDS_MAX_INDEX_ATTEMPTS = env_int("RECORDS_MAX_INDEX_ATTEMPTS", 10, minimum=1)

# Hospital systems (SMART Backend Services). A JWKS URL is fetched only from these hosts.
HOSPITAL_JWKS_ALLOWED_HOSTS = env_list("HOSPITAL_JWKS_ALLOWED_HOSTS", [])
HOSPITAL_JWKS_ALLOW_HTTP = env_bool("HOSPITAL_JWKS_ALLOW_HTTP", False)
HOSPITAL_JWKS_ALLOW_PRIVATE = env_bool("HOSPITAL_JWKS_ALLOW_PRIVATE", False)
HOSPITAL_JWKS_CACHE_SECONDS = env_int("HOSPITAL_JWKS_CACHE_SECONDS", 3600)
HOSPITAL_TOKEN_SECONDS = min(300, env_int("HOSPITAL_TOKEN_SECONDS", 300, minimum=30))

# Follow-up consultations (consultations app; docs/decisions.md, "Consultations").
CONSULTATIONS_LIFETIME_DAYS = env_int("CONSULTATIONS_LIFETIME_DAYS", 90, minimum=7)
CONSULTATIONS_MAX_FILE_BYTES = env_int("CONSULTATIONS_MAX_FILE_BYTES", 10_000_000, minimum=100_000)
CONSULTATIONS_MAX_TOTAL_BYTES = env_int(
    "CONSULTATIONS_MAX_TOTAL_BYTES", 40_000_000, minimum=100_000
)
CONSULTATIONS_MAX_FILES = env_int("CONSULTATIONS_MAX_FILES", 10, minimum=1)
# Checked from the image header before decoding: bigger images are refused, never expanded.
CONSULTATIONS_MAX_IMAGE_PIXELS = env_int("CONSULTATIONS_MAX_IMAGE_PIXELS", 40_000_000)
CONSULTATIONS_PASSCODE_ATTEMPTS = env_int("CONSULTATIONS_PASSCODE_ATTEMPTS", 5, minimum=1)
CONSULTATIONS_PORTAL_SESSION_HOURS = env_int("CONSULTATIONS_PORTAL_SESSION_HOURS", 12, minimum=1)

# SMART Health Links (sharing app; docs/decisions.md, "Sharing keys and threat model").
SHL_PASSCODE_ATTEMPTS = env_int("SHL_PASSCODE_ATTEMPTS", 10, minimum=1)  # for a link's life
SHL_LOCATION_SECONDS = min(3600, env_int("SHL_LOCATION_SECONDS", 3600, minimum=60))
SHL_REQUESTS_PER_LINK = env_int("SHL_REQUESTS_PER_LINK", 60, minimum=1)  # per minute
SHL_REQUESTS_PER_CLIENT = env_int("SHL_REQUESTS_PER_CLIENT", 300, minimum=1)  # per minute
SHL_MAX_DAYS = env_int("SHL_MAX_DAYS", 365, minimum=1)
# The manifest URL (PUBLIC_BASE_URL + "/shl/" + 43 characters) must fit the spec's 128.
if len(PUBLIC_BASE_URL) > 128 - len("/shl/") - 43:
    raise ImproperlyConfigured(
        "PUBLIC_BASE_URL is too long for SMART Health Links: manifest URLs are at most 128 "
        "characters, so the origin may have at most 80."
    )

# The recipients' viewer (viewer app; docs/decisions.md, "Viewer"). Empty: served by
# PUBLIC_BASE_URL. In production give it its own host (e.g. https://view.example.org, also in
# ALLOWED_HOSTS) so a script in it can never reach the API or staff pages with credentials.
VIEWER_ORIGIN = (env_str("VIEWER_ORIGIN", "") or "").rstrip("/")
_viewer = urlsplit(VIEWER_ORIGIN)
if VIEWER_ORIGIN and (
    _viewer.scheme not in {"http", "https"} or not _viewer.netloc or _viewer.path not in {"", "/"}
):
    raise ImproperlyConfigured(
        f"VIEWER_ORIGIN must be empty or an http(s) origin, got {VIEWER_ORIGIN!r}"
    )

# Exports, corrections and deletion (exports, corrections apps; docs/operations.md). Empty
# paths mean "under DATA_DIR"; keep the ledger off the database's storage and its backups.
EXPORTS_DIR = env_str("EXPORTS_DIR", "") or ""
EXPORTS_DOWNLOAD_HOURS = env_int("EXPORTS_DOWNLOAD_HOURS", 24, minimum=1)
DELETION_LEDGER_PATH = env_str("DELETION_LEDGER_PATH", "") or ""
# Run in this order inside account deletion's transaction, before the data key is destroyed.
ACCOUNT_DELETION_HOOKS = [
    "exports.deletion.erase.erase_account_data",
    "consent.services.grants_end_for_deletion",
    "exports.deletion.erase.ledger_record",  # last: only what the others did is recorded
]
CORRECTIONS_MAX_TEXT = env_int("CORRECTIONS_MAX_TEXT", 2000, minimum=100)

# Object storage (ops app; docs/operations.md, "Object storage"). With BACKUP_S3_BUCKET set,
# `manage.py backup --to-storage` uploads to that S3-compatible bucket (django-storages);
# unset, backups stay on local disk under DATA_DIR/backups, the embedded default.
BACKUP_S3_BUCKET = env_str("BACKUP_S3_BUCKET", "") or ""
STORAGES: dict[str, dict] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if BACKUP_S3_BUCKET:
    STORAGES["backups"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BACKUP_S3_BUCKET,
            "location": env_str("BACKUP_S3_PREFIX", "backups") or "",
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            # Unset: boto3 finds credentials itself (instance role, AWS_* variables).
            "access_key": env_secret("S3_ACCESS_KEY_ID"),
            "secret_key": env_secret("S3_SECRET_ACCESS_KEY"),
            "file_overwrite": False,  # a backup is never replaced by another of the same name
        },
    }

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.errors.exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.authentication.SessionJWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PocketChart API",
    "DESCRIPTION": "Patient-held personal health record: patient API, hospital FHIR API.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Our own copies of the Swagger UI files, never a CDN (hospital networks, no tracking).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Exception messages may quote health data: every record with an exception passes through
# RedactExceptionsFilter, on the loggers (so any handler, tests' included, sees it redacted)
# and on our handler (for loggers not named here).
_REDACTED_LOGGERS = [
    "django",
    "django.request",
    "django.server",
    "django.security",
    "celery",
    "celery.app.trace",
    "celery.worker",
    "pocketchart",
]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "common.logging.RedactExceptionsFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        name: {"filters": ["redact"], "level": env_str("LOG_LEVEL", "INFO")}
        for name in _REDACTED_LOGGERS
    },
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"

# Accounts and sessions (accounts app; docs/decisions.md, "Accounts").
ACCOUNTS_ACCESS_TOKEN_SECONDS = env_int("ACCOUNTS_ACCESS_TOKEN_SECONDS", 600, minimum=60)
ACCOUNTS_REFRESH_TOKEN_DAYS = env_int("ACCOUNTS_REFRESH_TOKEN_DAYS", 30, minimum=1)
ACCOUNTS_PATIENT_SESSION_DAYS = env_int("ACCOUNTS_PATIENT_SESSION_DAYS", 90, minimum=1)
ACCOUNTS_STAFF_SESSION_HOURS = env_int("ACCOUNTS_STAFF_SESSION_HOURS", 12, minimum=1)
ACCOUNTS_STAFF_IDLE_MINUTES = env_int("ACCOUNTS_STAFF_IDLE_MINUTES", 30, minimum=1)
ACCOUNTS_REFRESH_REUSE_GRACE_SECONDS = env_int("ACCOUNTS_REFRESH_REUSE_GRACE_SECONDS", 5)
ACCOUNTS_LOCKOUT_FAILURES = env_int("ACCOUNTS_LOCKOUT_FAILURES", 5, minimum=1)
ACCOUNTS_LOCKOUT_MINUTES = env_int("ACCOUNTS_LOCKOUT_MINUTES", 15, minimum=1)
ACCOUNTS_ADDRESS_FAILURES = env_int("ACCOUNTS_ADDRESS_FAILURES", 20, minimum=1)
ACCOUNTS_ADDRESS_WINDOW_MINUTES = env_int("ACCOUNTS_ADDRESS_WINDOW_MINUTES", 15, minimum=1)
ACCOUNTS_UNVERIFIED_GRACE_DAYS = env_int("ACCOUNTS_UNVERIFIED_GRACE_DAYS", 7)
ACCOUNTS_EMAIL_LINK_DAYS = env_int("ACCOUNTS_EMAIL_LINK_DAYS", 7, minimum=1)
ACCOUNTS_PASSWORD_RESET_MINUTES = env_int("ACCOUNTS_PASSWORD_RESET_MINUTES", 60, minimum=5)
ACCOUNTS_RATE_NAMESPACE = "accounts"  # cache key prefix of the counters; tests vary it

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "PocketChart <no-reply@pocketchart.local>")
