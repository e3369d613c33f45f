"""Rate limits count in a store that every server process shares: processes against one database file see
one count (with the former per-process memory cache, each let the whole limit through), and processes
counting at the same moment lose none of each other's requests."""

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


def _environment(database: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    environment.update(DATABASE_URL=f"sqlite:///{database}", DJANGO_SETTINGS_MODULE="ocop.settings")
    return environment


def _run(*args: str, database: Path) -> str:
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, *args], cwd=ROOT, env=_environment(database), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _start(*args: str, database: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own interpreter and code)
        [sys.executable, *args],
        cwd=ROOT,
        env=_environment(database),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_server_processes_share_one_count(tmp_path):
    database = tmp_path / "shared.sqlite3"
    _run("manage.py", "migrate", "core", "--verbosity", "0", database=database)

    first = _run("-c", WORKER, database=database)
    second = _run("-c", WORKER, database=database)

    assert (first, second) == ("True True True", "True True False")


COUNTER = textwrap.dedent(
    """
    import django
    django.setup()
    from core.ratelimit import hit
    print(" ".join(str(hit("test:concurrent", window=10**9)) for _ in range(10)))
    """
)


def test_processes_counting_at_the_same_time_lose_no_request(tmp_path):
    database = tmp_path / "shared.sqlite3"
    _run("manage.py", "migrate", "core", "--verbosity", "0", database=database)

    workers = [_start("-c", COUNTER, database=database) for _ in range(4)]
    outputs = [worker.communicate(timeout=120) for worker in workers]

    assert [worker.returncode for worker in workers] == [0] * 4, [error for _, error in outputs]
    counts = sorted(int(count) for output, _ in outputs for count in output.split())
    assert counts == list(range(1, 41))  # every request counted once, none lost to another process


def test_counts_go_to_redis_when_it_is_the_default_cache_and_to_the_database_otherwise(settings):
    from core.ratelimit import counts_in_cache

    assert not counts_in_cache()  # the embedded default: the database cache
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "core.redis_cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    assert counts_in_cache()


def test_redis_counts_each_request_once_per_window_in_one_round_trip(redis_cache, redis_round_trips):
    from core.ratelimit import hit

    client = redis_cache._cache.get_client(write=True)
    counts = [hit("lookup:198.51.100.7", window=10**9) for _ in range(3)]
    assert counts == [1, 2, 3]
    assert len(redis_round_trips) == 3  # one round trip (one connection taken from the pool) a request
    assert hit("lookup:198.51.100.8", window=10**9) == 1  # another client counts apart
    [stored] = client.keys("*rate:lookup:198.51.100.7:*")
    key = stored.decode().split(":", 2)[2]  # Django's key: prefix:version:key
    assert redis_cache.get(key) == 3  # the key and the value that Django's cache reads
    assert 0 < client.ttl(stored) <= 10**9 + 1  # it expires after its window


def test_the_redis_cache_keeps_one_client_per_server_and_still_reads_what_it_wrote(redis_cache):
    backend = redis_cache._cache
    assert backend.get_client(write=True) is backend.get_client("any key", write=False)
    redis_cache.set("catalogue", "v1", 60)
    assert redis_cache.get("catalogue") == "v1"
    assert redis_cache.add("n", 1)
    assert redis_cache.incr("n") == 2
    redis_cache.delete("catalogue")
    assert redis_cache.get("catalogue") is None


def test_a_count_can_read_a_cache_entry_in_the_same_round_trip_to_redis(redis_cache, redis_round_trips):
    from core.ratelimit import hit_and_read

    redis_cache.set("public:catalogue:version", "1764000000", None)
    redis_round_trips.clear()
    results = [hit_and_read("lookup:198.51.100.7", window=10**9, read="public:catalogue:version") for _ in range(2)]
    assert results == [(1, "1764000000"), (2, "1764000000")]
    assert len(redis_round_trips) == 2  # one round trip each
    assert hit_and_read("lookup:198.51.100.7", window=10**9, read="absent") == (3, None)


@pytest.mark.django_db
def test_a_count_reads_a_cache_entry_without_redis_too():
    from django.core.cache import cache

    from core.ratelimit import hit_and_read

    cache.set("public:catalogue:version", "42", None)
    assert hit_and_read("lookup:198.51.100.7", window=10**9, read="public:catalogue:version") == (1, "42")
    assert hit_and_read("lookup:198.51.100.7", window=10**9, read="absent") == (2, None)
