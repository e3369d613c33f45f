"""Counting requests per client in fixed windows, for every rate limit (the public stamp checks and fake
reports, `public.ratelimit`; the API's throttles, `api.throttling`), in a store that every server process
shares, so that N workers let the limit through once, not N times:

- Redis, when it is the default cache (REDIS_URL): SET NX and INCR in one MULTI/EXEC, one round trip (which
  may carry the read of a cache entry the request needs anyway, `hit_and_read`);
- otherwise a table of the database (`core.models.RateCount`): one UPDATE … RETURNING a request, atomic on
  SQLite and PostgreSQL alike. Django's database cache would be shared too, but its `incr` is a read then a
  write: two workers reading 5 both write 6, and the limit leaks."""

import time
from collections.abc import Sequence

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from .models import RateCount

PRUNE_AFTER = 3600  # seconds after its window ended that a client's row is deleted


def hit(key: str, *, window: int) -> int:
    """Count one request under `key` in the current window of `window` seconds; returns how many there were
    in this window, this one included."""
    return _count(key, window=window, read=())[0]


def hit_and_read(key: str, *, window: int, read: str):
    """`hit`, and the default cache's entry `read` (None if absent), fetched in the same round trip to Redis:
    for a page that needs a shared value on every request it also counts (the verification page and the
    catalogue's version). Returns (count, value). Without Redis: `hit`, then `cache.get`."""
    count, [value] = _count(key, window=window, read=[read])
    return count, value


def _count(key: str, *, window: int, read: Sequence[str]) -> tuple[int, list]:
    now = time.time()
    slot = int(now // window)
    if counts_in_cache():
        return _hit_cache(f"rate:{key}:{slot}", window, read=read)
    count = _hit_database(key, slot=slot, expires=(slot + 1) * window, now=int(now))
    return count, [cache.get(name) for name in read]


def counts_in_cache() -> bool:
    """Whether the default cache is Redis (whose increments are atomic), rather than the database."""
    return isinstance(caches["default"], RedisCache)


def seconds_left(window: int) -> int:
    """Seconds until the current window of `window` seconds ends (for Retry-After)."""
    return max(1, int(window - time.time() % window))


def _hit_cache(key: str, window: int, *, read: Sequence[str]) -> tuple[int, list]:
    """One round trip to Redis: create the window's counter if it is not there (SET NX with its expiry) and
    count, in one MULTI/EXEC, so nothing can expire in between; and GET the cache entries `read`. Through
    Django's `add` and `incr` it took three (`incr` asks EXISTS first), on the public page's every check. The
    keys are the ones Django's cache uses, and Django's serializer writes integers as plain numbers, so
    `cache.get` reads the count and the values read here are decoded by Django's own serializer. Returns (the
    count, the values read)."""
    full_key = cache.make_and_validate_key(key)
    backend = cache._cache
    pipeline = backend.get_client(full_key, write=True).pipeline(transaction=True)
    pipeline.set(full_key, 0, ex=window + 1, nx=True)
    pipeline.incr(full_key)
    for name in read:
        pipeline.get(cache.make_and_validate_key(name))
    _, count, *values = pipeline.execute()
    return int(count), [None if value is None else backend._serializer.loads(value) for value in values]


def _hit_database(key: str, *, slot: int, expires: int, now: int) -> int:
    quote = connection.ops.quote_name
    table = quote(RateCount._meta.db_table)
    key_, slot_, hits, expires_ = (
        quote(RateCount._meta.get_field(f).column) for f in ("key", "slot", "hits", "expires")
    )
    same_window = f"CASE WHEN {table}.{slot_} = %s THEN {table}.{hits} + 1 ELSE 1 END"
    with connection.cursor() as cursor:
        # A client seen before: one statement.
        cursor.execute(
            f"UPDATE {table} SET {hits} = {same_window}, {slot_} = %s, {expires_} = %s "  # noqa: S608 (names from the model)
            f"WHERE {key_} = %s RETURNING {hits}",
            [slot, slot, expires, key],
        )
        row = cursor.fetchone()
        if row is not None:
            return row[0]
        # A new client: make its row (another process may make it at the same moment), and clear out the rows
        # of clients gone quiet.
        cursor.execute(f"DELETE FROM {table} WHERE {expires_} < %s", [now - PRUNE_AFTER])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {table} ({key_}, {slot_}, {hits}, {expires_}) VALUES (%s, %s, 1, %s) "  # noqa: S608
            f"ON CONFLICT ({key_}) DO UPDATE SET {hits} = {same_window}, {slot_} = %s, {expires_} = %s "
            f"RETURNING {hits}",
            [key, slot, expires, slot, slot, expires],
        )
        return cursor.fetchone()[0]
