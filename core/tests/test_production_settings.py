"""What ocop/settings.py gives a production process (DEBUG off) that a development one does not: persistent
database connections, and with Redis the sessions in the cache. Each case in a fresh interpreter, as a server
process reads them."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ = (
    "import json; from django.conf import settings; d = settings.DATABASES['default']; "
    "print(json.dumps({'age': d['CONN_MAX_AGE'], 'checks': d['CONN_HEALTH_CHECKS'], "
    "'sessions': settings.SESSION_ENGINE, 'cache': settings.CACHES['default']['BACKEND'], "
    "'secure_cookies': settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE}))"
)
CLEARED = ("DEBUG", "SECRET_KEY", "REDIS_URL", "DB_CONN_MAX_AGE", "DB_CONN_HEALTH_CHECKS", "SECURE_COOKIES")


def _settings(**env: str) -> dict:
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED} | env
    result = subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", READ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _production(**env: str) -> dict:
    return _settings(DEBUG="false", SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="ocop.example.vn", **env)


def test_development_keeps_one_connection_a_request_and_database_sessions():
    assert _settings() == {
        "age": 0,
        "checks": False,
        "sessions": "django.contrib.sessions.backends.db",
        "cache": "django.core.cache.backends.db.DatabaseCache",
        "secure_cookies": False,
    }


def test_production_keeps_connections_for_a_minute_and_checks_them_before_reuse():
    values = _production()
    assert (values["age"], values["checks"], values["secure_cookies"]) == (60, True, True)


def test_production_connection_settings_can_be_overridden():
    values = _production(DB_CONN_MAX_AGE="0", DB_CONN_HEALTH_CHECKS="false")
    assert (values["age"], values["checks"]) == (0, False)


def test_with_redis_sessions_are_cached_there_and_written_through_to_the_database():
    values = _production(REDIS_URL="redis://127.0.0.1:6390/0")
    assert values["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert values["cache"] == "core.redis_cache.RedisCache"


def test_a_loopback_run_over_plain_http_may_turn_secure_cookies_off():
    assert _production(SECURE_COOKIES="false")["secure_cookies"] is False
