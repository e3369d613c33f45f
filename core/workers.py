"""Task workers' heartbeats, and the reclaiming of the queue rows that a killed worker leaves RUNNING.

django-tasks-db (0.13) records which worker claimed a task (`DBTaskResult.worker_ids`) but keeps no heartbeat:
a worker killed with SIGKILL (or its machine lost) leaves its task RUNNING for ever. Our worker
(`manage.py task_worker`, django-tasks-db's `db_worker` with a heartbeat) writes a `WorkerBeat` row when it starts
and every `TASK_WORKER_HEARTBEAT_SECONDS` while it runs; `manage.py reclaim_tasks` (every few minutes, from the
schedule) marks a RUNNING row FAILED when its worker is known to be gone:

- its worker ran on this machine and its process no longer exists (checked by pid and the process's start time);
- or its worker's last beat is older than `TASK_WORKER_SILENCE_MINUTES`;
- or its worker never beat (a plain `db_worker`) and the task started more than `TASK_WORKER_SILENCE_MINUTES` ago.

A live worker beats, so its rows are never touched. The jobs themselves keep their own state and are resumed by
their own commands; this only makes the queue tell the truth."""

import logging
import os
import socket
import threading
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerBeat

logger = logging.getLogger(__name__)

# What a reclaimed row says it failed of (its exception class path and traceback, as the queue shows them).
LOST = "core.workers.WorkerLost"


class WorkerLost(Exception):
    """The worker running the task stopped without finishing it (killed, or its machine lost)."""


def host_name() -> str:
    return socket.gethostname()[:255]


def new_worker_id() -> str:
    """Unique across the pool, and saying where the worker runs: host, pid and a random part (at most 64 chars)."""
    return f"{host_name()[:30]}:{os.getpid()}:{get_random_string(12)}"[:64]


def process_started(pid: int) -> int | None:
    """The start time of process `pid` (clock ticks since boot, from /proc), None where /proc is not there."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return -1
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: the fields after it start after the last ')'.
    return int(stat.rsplit(")", 1)[1].split()[19])


def process_gone(pid: int, started: int | None) -> bool:
    """Process `pid`, started at `started`, has ended (or its pid now names another process)."""
    now = process_started(pid)
    if now is None:  # no /proc: ask the kernel whether the pid exists
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False
    return now == -1 or (started is not None and now != started)


class Heartbeat:
    """The beat of one worker: written once before it claims anything, then from a thread of its own (with its own
    database connection) until `stop`."""

    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self.every = settings.TASK_WORKER_HEARTBEAT_SECONDS
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat {worker_id}", daemon=True)

    def start(self) -> None:
        now = timezone.now()
        pid = os.getpid()
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "host": host_name(),
                "pid": pid,
                "process_started": process_started(pid),
                "started_at": now,
                "beat_at": now,
            },
        )
        self._thread.start()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.every):
                try:
                    close_old_connections()
                    WorkerBeat.objects.filter(worker_id=self.worker_id).update(beat_at=timezone.now())
                except DatabaseError as error:  # a busy SQLite file, a database restarting: beat next time
                    logger.warning("worker %s: heartbeat not written (%s)", self.worker_id, error)
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.every + 5)
        WorkerBeat.objects.filter(worker_id=self.worker_id).delete()


def reclaim(*, now=None) -> list[str]:
    """Mark FAILED every RUNNING task whose worker is gone (see the module); returns their ids. Beats of workers
    found gone are deleted."""
    now = now or timezone.now()
    silence = now - timedelta(minutes=settings.TASK_WORKER_SILENCE_MINUTES)
    here = host_name()
    beats = {beat.worker_id: beat for beat in WorkerBeat.objects.all()}
    gone_workers = {
        beat.worker_id
        for beat in beats.values()
        if beat.beat_at < silence or (beat.host == here and process_gone(beat.pid, beat.process_started))
    }
    reclaimed = []
    for task in DBTaskResult.objects.running().only("id", "worker_ids", "started_at"):
        worker = task.worker_ids[-1] if task.worker_ids else None
        # A worker that beats is judged by its beat; one that never did (a plain db_worker), by the task's age.
        lost = worker in gone_workers if worker in beats else (task.started_at is None or task.started_at < silence)
        if not lost:
            continue
        message = f"{LOST}: worker {worker or '?'} stopped without finishing this task (reclaim_tasks at {now})"
        # Only while it is still RUNNING: a worker finishing it meanwhile wins.
        updated = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=LOST,
            traceback=message,
            return_value=None,
        )
        if updated:
            reclaimed.append(str(task.pk))
    WorkerBeat.objects.filter(worker_id__in=gone_workers).delete()
    return reclaimed
