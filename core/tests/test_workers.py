"""The reclaiming of RUNNING tasks (core.workers): which rows count as their worker's gone, and which never do. The
real killed worker is in faults/test_task_queue.py."""

import os
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.models import WorkerBeat
from core.workers import LOST, Heartbeat, host_name, process_started, reclaim

pytestmark = pytest.mark.django_db


@pytest.fixture
def silence(settings):
    settings.TASK_WORKER_SILENCE_MINUTES = 10
    return timedelta(minutes=10)


def task(worker: str | None, *, started_ago=timedelta(0), status=TaskResultStatus.RUNNING) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="history.tasks.run_job",
        backend_name="default",
        run_after=now,
        started_at=now - started_ago,
        worker_ids=[worker] if worker else [],
    )


def beat(worker: str, *, host: str, pid: int = 1, started: int | None = None, ago=timedelta(0)) -> WorkerBeat:
    now = timezone.now()
    return WorkerBeat.objects.create(
        worker_id=worker, host=host, pid=pid, process_started=started, started_at=now - ago, beat_at=now - ago
    )


def status(row: DBTaskResult) -> str:
    row.refresh_from_db()
    return row.status


def test_a_worker_that_beats_keeps_its_task_however_long_it_runs(silence):
    beat("elsewhere:1:a", host="another-machine")
    row = task("elsewhere:1:a", started_ago=silence * 30)
    assert reclaim() == []
    assert status(row) == TaskResultStatus.RUNNING


def test_a_silent_worker_loses_its_task_and_its_beat(silence):
    beat("elsewhere:1:a", host="another-machine", ago=silence + timedelta(seconds=1))
    row = task("elsewhere:1:a")
    assert reclaim() == [str(row.pk)]
    row.refresh_from_db()
    assert (row.status, row.exception_class_path, row.finished_at is not None) == (TaskResultStatus.FAILED, LOST, True)
    assert "elsewhere:1:a" in row.traceback
    assert not WorkerBeat.objects.exists()


def test_a_worker_of_this_machine_is_judged_by_its_process(silence):
    me = os.getpid()
    alive = beat("here:alive", host=host_name(), pid=me, started=process_started(me))
    # The same pid, started at another time: the worker's process ended and the pid went to another.
    beat("here:reused", host=host_name(), pid=me, started=process_started(me) + 1)
    kept, lost = task(alive.worker_id), task("here:reused")
    assert reclaim() == [str(lost.pk)]
    assert (status(kept), status(lost)) == (TaskResultStatus.RUNNING, TaskResultStatus.FAILED)
    assert list(WorkerBeat.objects.values_list("worker_id", flat=True)) == ["here:alive"]


def test_a_worker_that_never_beat_is_judged_by_the_tasks_age(silence):
    young, old = task("plain", started_ago=silence / 2), task("plain", started_ago=silence * 2)
    orphan = task(None, started_ago=silence * 2)
    assert sorted(reclaim()) == sorted([str(old.pk), str(orphan.pk)])
    assert status(young) == TaskResultStatus.RUNNING


def test_rows_not_running_are_never_touched(silence):
    rows = [
        task("gone", started_ago=silence * 2, status=s) for s in (TaskResultStatus.READY, TaskResultStatus.SUCCESSFUL)
    ]
    assert reclaim() == []
    assert [status(row) for row in rows] == [TaskResultStatus.READY, TaskResultStatus.SUCCESSFUL]


def test_the_command_says_what_it_reclaimed(silence, capsys):
    row = task("plain", started_ago=silence * 2)
    call_command("reclaim_tasks")
    assert f"reclaimed task {row.pk}" in capsys.readouterr().out


def test_a_heartbeat_is_written_before_the_worker_claims_and_removed_when_it_stops(settings):
    settings.TASK_WORKER_HEARTBEAT_SECONDS = 3600
    heartbeat = Heartbeat("here:1:test")
    heartbeat.start()
    written = WorkerBeat.objects.get()
    assert (written.worker_id, written.host, written.pid) == ("here:1:test", host_name(), os.getpid())
    heartbeat.stop()
    assert not WorkerBeat.objects.exists()
