from django.db import models


class RateCount(models.Model):
    """How many requests one client made in the current window of one limit (see `core.ratelimit`). One row a
    client and limit, reset when a new window starts; rows idle for an hour are deleted."""

    key = models.CharField(max_length=200, primary_key=True)
    slot = models.BigIntegerField()  # the window's number: Unix time // window length
    hits = models.PositiveIntegerField()
    expires = models.BigIntegerField(db_index=True)  # Unix time when the window ends

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"


class WorkerBeat(models.Model):
    """A task worker that is alive (`core.workers`): written when it starts and every few seconds while it runs,
    deleted when it stops. A RUNNING task whose worker has no fresh beat, or whose process is gone, is reclaimed."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    # The process's start time (Linux: clock ticks since boot), so that a pid used again by another process
    # is not taken for the worker.
    process_started = models.BigIntegerField(null=True)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"
