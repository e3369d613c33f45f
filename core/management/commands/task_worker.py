"""`manage.py task_worker`: django-tasks-db's `db_worker` (same options), with a heartbeat (core.workers) and a worker
id that names its host and process, so that `reclaim_tasks` can tell its RUNNING tasks from a killed worker's."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from core.workers import Heartbeat, new_worker_id


class Command(DatabaseWorker):
    help = "Run the task worker (django-tasks-db's db_worker) with a heartbeat: a killed worker's tasks are reclaimed"

    def handle(self, *args, **options):
        if options.get("reload"):
            # The reloader runs the worker in a child process: the beat would name the parent.
            options["reload"] = False
        options["worker_id"] = new_worker_id()
        heartbeat = Heartbeat(options["worker_id"])
        heartbeat.start()
        try:
            return super().handle(*args, **options)
        finally:
            heartbeat.stop()
