"""A task worker (`task_worker`) killed with SIGKILL inside a task leaves the queue's row RUNNING; `reclaim_tasks`
marks it FAILED once the worker's process is gone, and leaves alone the row of a worker that is alive, even one
standing still inside its task."""

from django_tasks_db.compat import TaskResultStatus

from core.workers import LOST
from history import jobs

from .test_history import history_file
from .world import kill, wait_for

# The history check's first write: the job marked "checking", inside the task.
CHECKING = r'UPDATE "history_importjob" SET'


def queue_rows(world) -> list[tuple]:
    return world.query(
        "SELECT status, exception_class_path FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at"
    )


def beats(world) -> list[tuple]:
    return world.query("SELECT pid FROM core_workerbeat")


def test_a_killed_workers_task_is_reclaimed_and_a_live_workers_is_not(world, erin):
    jobs.upload_job(upload=history_file(), by=erin)
    world.publish()
    marker = world.tmp / "paused-worker"
    worker = world.manage("task_worker", "--batch", "--no-startup-delay", pause={"sql": CHECKING, "file": marker})
    wait_for(marker.exists, what="the worker inside its task", process=worker)
    assert queue_rows(world) == [(TaskResultStatus.RUNNING, "")]
    assert beats(world) == [(int(marker.read_text()),)]

    # Alive, standing inside its task: nothing is reclaimed, however often the schedule asks.
    for _ in range(2):
        world.finish(world.manage("reclaim_tasks"))
    assert queue_rows(world) == [(TaskResultStatus.RUNNING, "")]
    assert len(beats(world)) == 1

    kill(int(marker.read_text()))
    worker.wait(timeout=60)
    out = world.finish(world.manage("reclaim_tasks"))
    assert "reclaimed task" in out
    assert queue_rows(world) == [(TaskResultStatus.FAILED, LOST)]
    assert beats(world) == []

    # Run again, it finds nothing more to do.
    assert "reclaimed" not in world.finish(world.manage("reclaim_tasks"))


def test_a_plain_db_workers_task_is_reclaimed_after_the_silence_only(world, erin):
    """A worker without heartbeat (django-tasks-db's own `db_worker`) killed: its task is reclaimed once it started
    longer ago than TASK_WORKER_SILENCE_MINUTES, not before."""
    jobs.upload_job(upload=history_file(), by=erin)
    world.publish()
    world.run_until_paused(world.worker, sql=CHECKING)
    world.finish(world.manage("reclaim_tasks"))
    assert queue_rows(world) == [(TaskResultStatus.RUNNING, "")]
    world.finish(world.manage("reclaim_tasks", TASK_WORKER_SILENCE_MINUTES="0"))
    assert queue_rows(world) == [(TaskResultStatus.FAILED, LOST)]
