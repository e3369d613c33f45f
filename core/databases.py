"""Where a read goes. One database, `default` (the primary), unless `DATABASE_REPLICA_URL` names a streaming replica
of it: then the reads made inside `on_replica()` (the report page and its exports, the dashboards' key figures,
`/api/v1/statistics/`) go to the `replica` alias, and every other read and every write to the primary. Only those
entry points ask for it: what an officer just changed is read back from the primary everywhere else, and the
figures read from the replica lag behind the primary by the replication delay (docs/deployment.md)."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"

_reading_replica = ContextVar("reading_replica", default=False)


def replica_configured() -> bool:
    return settings.REPORTS_READ_REPLICA and REPLICA in settings.DATABASES


@contextmanager
def on_replica():
    """The reads inside go to the replica, when one is configured (as a `with` block or a decorator)."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


class ReplicaRouter:
    """`on_replica()`'s reads to the replica; writes, migrations and everything else to the primary."""

    def db_for_read(self, model, **hints):
        if _reading_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows, wherever they were read

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # a replica follows the primary's schema by itself
