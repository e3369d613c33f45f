"""Settings for the OCOP platform: one module, every value that differs between machines read from the
environment. The defaults run the whole platform on one machine with an SQLite file and no server."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envsecret(name: str, default: str) -> str:
    """Read NAME, or the file that NAME_FILE points to (for container secrets)."""
    path = os.getenv(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.getenv(name, default)


DEBUG = envbool("DEBUG", "true")
SECRET_KEY = envsecret("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or SECRET_KEY_FILE) when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"  # noqa: S105 (DEBUG only)
ALLOWED_HOSTS = [h for h in os.getenv("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.getenv("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "core",
    "audit",
    "areas",
    "accounts",
    "criteria",
    "producers",
    "products",
    "dossiers",
    "evaluation",
    "signing",
    "certificates",
    "notifications",
    "stamps",
    "public",
    "django_tasks",
    "django_tasks_db",
    "dashboards",
    "history",
    "reports",
    "programme",
    "monitoring",
    "inspections",
    "market",
    "api",
    "webhooks",
    "opendata",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "core.middleware.RejectControlCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "audit.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ocop.urls"
WSGI_APPLICATION = "ocop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "ocop.navigation.menu",
            ],
        },
    },
]

# In production each app server process keeps its connection for a minute instead of opening one a request
# (a PostgreSQL connection costs a few milliseconds and a backend process), and checks it before reusing it
# after a failover or a restart of the server. While debugging: one connection a request, as Django's default.
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "0" if DEBUG else "60"),
        conn_health_checks=envbool("DB_CONN_HEALTH_CHECKS", "false" if DEBUG else "true"),
    )
}
# A streaming replica of the primary (docs/deployment.md, "A replica for reports"): the report page, its exports, the
# dashboards' key figures and /api/v1/statistics/ read from it (core.databases); everything else, and every
# write, goes to the primary. Without it, everything stays on `default`.
DATABASE_REPLICA_URL = os.getenv("DATABASE_REPLICA_URL", "")
REPORTS_READ_REPLICA = bool(DATABASE_REPLICA_URL)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=envint("DB_CONN_MAX_AGE", "0" if DEBUG else "60"),
        conn_health_checks=envbool("DB_CONN_HEALTH_CHECKS", "false" if DEBUG else "true"),
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["core.databases.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.MixedCharacterValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "dashboards:home"

# Lock an account (per user name and client address) after repeated failures.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", "30") / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = envbool("AXES_ENABLED", "true")

SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 60 * 60))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMS_URLFIELD_ASSUME_HTTPS = True
FORMAT_MODULE_PATH = ["ocop.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MAX_IMAGE_BYTES = envint("MAX_IMAGE_BYTES", str(5 * 1024 * 1024))
# Pixels in one uploaded image (40 million: a 7300 × 5500 photo); decoding one takes 4 bytes a pixel.
MAX_IMAGE_PIXELS = envint("MAX_IMAGE_PIXELS", "40000000")
STAMP_BATCH_MAX = envint("STAMP_BATCH_MAX", "10000000")  # issued streamed: memory does not grow with it
STAMP_SHEET_MAX = envint("STAMP_SHEET_MAX", "100000")  # stamps per PDF file (drawn in parts: constant memory)
# A silent issuing job has died; a 10M batch's one insert transaction is silent for up to ~18 minutes here.
STAMP_ISSUING_STALE_MINUTES = envint("STAMP_ISSUING_STALE_MINUTES", "30")
# A sheet's job reports each page drawn (a second or two apiece): silent this long, it has died or never started.
STAMP_SHEET_STALE_MINUTES = envint("STAMP_SHEET_STALE_MINUTES", "10")
# Public stamp verification: clone detection, rate limits, privacy of scan records, page cache.
STAMP_SCAN_LIMIT = envint("STAMP_SCAN_LIMIT", "50")
STAMP_TRAVEL_KMH = envint("STAMP_TRAVEL_KMH", "900")
STAMP_TRAVEL_MIN_KM = envint("STAMP_TRAVEL_MIN_KM", "20")
STAMP_LOOKUP_RATE_PER_MINUTE = envint("STAMP_LOOKUP_RATE_PER_MINUTE", "60")
FAKE_REPORT_RATE_PER_HOUR = envint("FAKE_REPORT_RATE_PER_HOUR", "10")
FAKE_REPORT_FOLLOW_RATE_PER_HOUR = envint("FAKE_REPORT_FOLLOW_RATE_PER_HOUR", "30")
# The inbox's scan detection (monitoring.detection): how far behind now it reads, and how far back its first run.
SIGNAL_SCAN_LAG_SECONDS = envint("SIGNAL_SCAN_LAG_SECONDS", "300")
SIGNAL_FIRST_RUN_DAYS = envint("SIGNAL_FIRST_RUN_DAYS", "7")
SCAN_IP_SALT = envsecret("SCAN_IP_SALT", "")  # empty: derived from SECRET_KEY
PUBLIC_TRUSTED_PROXY_COUNT = envint("PUBLIC_TRUSTED_PROXY_COUNT", "0")
PUBLIC_CACHE_SECONDS = envint("PUBLIC_CACHE_SECONDS", "300")
# The home page's key figures are cached per role, area, period and language under the figures' stamp (bumped by
# every refresh of the rollups); this timeout bounds what no signal sees (a bulk update of the rows they read).
FIGURES_CACHE_SECONDS = envint("FIGURES_CACHE_SECONDS", "600")
MAX_DOCUMENT_BYTES = envint("MAX_DOCUMENT_BYTES", str(20 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# "default" is shared by every server process: Redis when REDIS_URL is set, otherwise the database (table
# ocop_cache, made by core's migrations). It holds what the processes must agree on, such as the public
# catalogue's version. Rate limits count there too, or in core_ratecount without Redis (see core.ratelimit).
# "pages" is each process's own memory: rendered public pages and stamps' batch facts, keyed by that shared
# version, so a process never serves a stale copy, and a stamp check reads none of them from the database.
REDIS_URL = os.getenv("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "core.redis_cache.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "ocop_cache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}},
}
# With Redis, sessions are read from it and written through to the database ("cached_db"): a signed-in user's
# request costs no session SELECT, and a restart of Redis, or its eviction of keys when full, signs nobody out
# (a council member in the middle of a score sheet keeps their session). Without Redis: the database alone.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "ocop@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "api.authentication.BasicAuthentication",
        "api.authentication.TokenAuthentication",
    ],
    # TokenScopes: what a token may write (api.permissions).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "api.permissions.TokenScopes"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Every error as RFC 9457 problem details (api.problems).
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": os.getenv("API_TOKEN_RATE", "600/min"),
        "validity": os.getenv("VALIDITY_RATE", "30/min"),
        "validity_token": os.getenv("VALIDITY_TOKEN_RATE", "300/min"),
        "scoring": os.getenv("SCORING_RATE", "120/min"),
        "statistics": os.getenv("STATISTICS_RATE", "60/min"),
    },
    # The client behind the same trusted proxies as the public pages' limits, never a forwarded address the
    # client wrote itself.
    "NUM_PROXIES": PUBLIC_TRUSTED_PROXY_COUNT,
}
# API tokens (api.tokens): the longest a token may be valid, and the key of their hashes (empty: derived from
# SECRET_KEY).
API_TOKEN_MAX_DAYS = envint("API_TOKEN_MAX_DAYS", "365")
API_TOKEN_KEY = envsecret("API_TOKEN_KEY", "")
SPECTACULAR_SETTINGS = {
    "TITLE": "OCOP API",
    "DESCRIPTION": "REST API of the OCOP platform (One Commune One Product, Decision 26/2026/QĐ-TTg).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.problem_responses"],
    # Choice sets that share a field name ("kind") get names of their own.
    "ENUM_NAME_OVERRIDES": {"ValidityItemKindEnum": "api.validity.Kind.CHOICES"},
}

# Content security policy: no inline scripts or styles, everything served from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", "false") else None
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    # Off only for a production-like run over plain HTTP on loopback (scripts/prod): a client sends a Secure
    # cookie over HTTPS only, so nobody could sign in there.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", "true")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # pyHanko logs every failed validation with its traceback: a stranger's upload is not the server's fault.
        "pyhanko": {"level": "ERROR"},
        "pyhanko_certvalidator": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}

# Background jobs: django-tasks with its database backend (a worker runs `manage.py db_worker`); the
# embedded default runs them at once in the request, so a single machine needs no worker.
TASKS = {
    "default": {
        "BACKEND": os.getenv("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}
# The worker (`manage.py task_worker`) beats this often; `manage.py reclaim_tasks` fails a RUNNING task whose worker
# is gone from this machine, or has not beaten for this long (core.workers). Well above the beat: a busy database may
# delay one.
TASK_WORKER_HEARTBEAT_SECONDS = envint("TASK_WORKER_HEARTBEAT_SECONDS", "30")
TASK_WORKER_SILENCE_MINUTES = envint("TASK_WORKER_SILENCE_MINUTES", "10")

# Inspections: a certified product none of whose inspections concluded in this many months is overdue for one.
INSPECTION_INTERVAL_MONTHS = envint("INSPECTION_INTERVAL_MONTHS", "24")
# A remediation's producer and inspectors are reminded this many days before its deadline, and again on it.
REMEDIATION_REMINDER_DAYS = envint("REMEDIATION_REMINDER_DAYS", "7")

# Where the official reference data lives (the team's shared folder, beside the checkout).
SHARED_DIR = Path(os.getenv("OCOP_SHARED_DIR", BASE_DIR.parent / "shared"))

# The history import (history.reading): rows per sheet and bytes per file; 50,000 rows fit in one file.
HISTORY_IMPORT_MAX_ROWS = envint("HISTORY_IMPORT_MAX_ROWS", "60000")
HISTORY_IMPORT_MAX_BYTES = envint("HISTORY_IMPORT_MAX_BYTES", str(20 * 1024 * 1024))
# An import job (history.jobs) that has reported nothing for this long has died: it may be run again.
HISTORY_IMPORT_STALE_MINUTES = envint("HISTORY_IMPORT_STALE_MINUTES", "20")

# Webhooks (webhooks.sending): the request timeout, the claim a killed sender leaves (well above the timeout), the
# retries' backoff (doubled from the base, capped) and the attempts before a delivery is given up.
WEBHOOKS_TIMEOUT_SECONDS = envint("WEBHOOKS_TIMEOUT_SECONDS", "5")
WEBHOOKS_CLAIM_TIMEOUT_SECONDS = envint("WEBHOOKS_CLAIM_TIMEOUT_SECONDS", "120")
WEBHOOKS_RETRY_BASE_SECONDS = envint("WEBHOOKS_RETRY_BASE_SECONDS", "60")
WEBHOOKS_RETRY_MAX_SECONDS = envint("WEBHOOKS_RETRY_MAX_SECONDS", str(6 * 3600))
WEBHOOKS_MAX_ATTEMPTS = envint("WEBHOOKS_MAX_ATTEMPTS", "8")
# http:// and private or loopback addresses for endpoints (SSRF): for tests and a demo on one machine only.
WEBHOOKS_ALLOW_PRIVATE_ENDPOINTS = envbool("WEBHOOKS_ALLOW_PRIVATE_ENDPOINTS", "false")

# Open data (opendata): where the files are written, and the licence they are published under.
OPEN_DATA_DIR = Path(os.getenv("OPEN_DATA_DIR", MEDIA_ROOT / "open-data"))
OPEN_DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
OPEN_DATA_PUBLISHER = os.getenv("OPEN_DATA_PUBLISHER", "Chương trình Mỗi xã một sản phẩm (OCOP)")

# Digital signatures (signing): keys live outside the repository, under SIGNING_DIR; the roots and revocation
# lists the platform trusts in SIGNING_TRUST_DIR. `manage.py signing_test_ca` fills both for the demo.
SIGNING_DIR = Path(os.getenv("SIGNING_DIR", BASE_DIR / "var" / "signing"))
SIGNING_TRUST_DIR = Path(os.getenv("SIGNING_TRUST_DIR", SIGNING_DIR / "trust"))
SIGNING_TSA_URL = os.getenv("SIGNING_TSA_URL", "")  # an RFC 3161 time-stamping service; none: no timestamp
SIGNING_FETCH_REVOCATION = envbool("SIGNING_FETCH_REVOCATION", "false")  # ask the CAs' OCSP/CRL servers
# The PKCS#11 modules a setup may name (loading one runs its code in the server: never a path from a form).
SIGNING_PKCS11_MODULES = [
    m for m in os.getenv("SIGNING_PKCS11_MODULES", "/usr/lib/softhsm/libsofthsm2.so").split(",") if m
]
SIGNING_SOFTHSM2_CONF = os.getenv("SOFTHSM2_CONF", str(SIGNING_DIR / "test-ca" / "softhsm2.conf"))
# `manage.py signing_test_ca` (the demo's throw-away CA) runs only where this is on: by default with DEBUG.
SIGNING_TEST_CA = envbool("SIGNING_TEST_CA", "true" if DEBUG else "false")
SIGNED_FILE_MAX_BYTES = envint("SIGNED_FILE_MAX_BYTES", str(10 * 1024 * 1024))
SIGNED_FILE_CHECK_RATE_PER_HOUR = envint("SIGNED_FILE_CHECK_RATE_PER_HOUR", "30")
