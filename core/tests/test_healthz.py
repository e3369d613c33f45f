"""/healthz: what nginx, `scripts/prod status` and a balancer ask of each app server."""

import pytest


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_and_the_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_and_names_the_cache_when_redis_is_unreachable(client, settings):
    # A real Redis client pointed at a port nothing listens on (port 9 is "discard", never served here).
    settings.CACHES = settings.CACHES | {
        "default": {
            "BACKEND": "core.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "down"}


def test_healthz_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405
