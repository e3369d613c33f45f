"""Version stamps of derived data, kept in the cache every server process shares ("default": the database, or
Redis). A cache of pages or figures puts the stamp in its keys; whoever changes the data it is derived from bumps
the stamp, and every entry made before is never read again (it expires on its own timeout)."""

import time

from django.core.cache import cache
from django.db import transaction


def current(key: str, *, stored: str | None = None) -> str:
    """The version under `key`, made if there is none. `stored`: what the caller already read from the cache
    under that key (in a round trip it was making anyway), so none is made here unless that was nothing."""
    version = stored if stored is not None else cache.get(key)
    if version is None:
        version = str(time.time_ns())
        cache.add(key, version, None)
        version = cache.get(key, version)
    return version


def bump(key: str) -> None:
    cache.set(key, str(time.time_ns()), None)


def bump_with_transaction(key: str) -> None:
    """Bump now, and again once the current transaction commits: a reader between the two (Redis sees the first
    bump before the data commits) may have cached what it read before the commit under the first stamp."""
    bump(key)
    transaction.on_commit(lambda: bump(key))
