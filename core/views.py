import logging
import secrets

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.http import require_GET
from redis.exceptions import RedisError


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico before reading the page's icon links."""
    return redirect(static("brand/favicon.ico"))


logger = logging.getLogger(__name__)


@require_GET
def healthz(request):
    """What nginx, `scripts/prod status` and a load balancer ask: can this process reach the database and the
    shared cache (Redis in production: sessions, rate limits and the catalogue's version live there)? 200 when
    both answer, 503 and which did not otherwise, so that a balancer stops sending requests here."""
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"} | {
        name: "ok" if up else "down" for name, up in checks.items()
    }
    return JsonResponse(body, status=200 if healthy else 503)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("healthz: the database does not answer")
        return False
    return True


def _cache_answers() -> bool:
    # A key of this request's own: two checks at once (two balancers) must not read each other's value.
    value = secrets.token_hex(8)
    key = f"healthz:{value}"
    try:
        cache.set(key, value, 10)
        answered = cache.get(key) == value
        cache.delete(key)
    except (DatabaseError, OSError, RedisError):
        logger.exception("healthz: the cache does not answer")
        return False
    if not answered:
        logger.error("healthz: the cache did not keep a value")
    return answered
