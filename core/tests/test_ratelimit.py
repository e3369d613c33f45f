"""Rate limits count in a store that every server process shares: two processes against one database file see
one count (with the former per-process memory cache, each let the whole limit through)."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# One of the server processes: three stamp look-ups from one client against a limit of 5, through the public
# pages' limiter. The window is longer than any test run, so no window boundary can fall between the processes.
WORKER = textwrap.dedent(
    """
    import django
    django.setup()
    from django.test import RequestFactory
    from public.ratelimit import allow
    request = RequestFactory().get("/s/X", REMOTE_ADDR="198.51.100.7")
    print(" ".join(str(allow(request, scope="lookup", limit=5, window=10**9)) for _ in range(3)))
    """
)


def _run(*args: str, database: Path) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    environment.update(DATABASE_URL=f"sqlite:///{database}", DJANGO_SETTINGS_MODULE="ocop.settings")
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_two_server_processes_share_one_count(tmp_path):
    database = tmp_path / "shared.sqlite3"
    _run("manage.py", "migrate", "core", "--verbosity", "0", database=database)

    first = _run("-c", WORKER, database=database)
    second = _run("-c", WORKER, database=database)

    assert (first, second) == ("True True True", "True True False")


@pytest.mark.django_db(transaction=True)
def test_concurrent_counts_are_never_lost():
    # Threads have a connection each, as worker processes do: every hit is counted once.
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from core.ratelimit import hit

    def hits(_: int) -> list[int]:
        try:
            return [hit("test:concurrent", window=10**9) for _ in range(10)]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        counts = sorted(count for batch in pool.map(hits, range(4)) for count in batch)
    assert counts == list(range(1, 41))


def test_counts_go_to_redis_when_it_is_the_default_cache_and_to_the_database_otherwise(settings):
    from core.ratelimit import counts_in_cache

    assert not counts_in_cache()  # the embedded default: the database cache
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    assert counts_in_cache()
