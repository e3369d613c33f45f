"""`manage.py reclaim_tasks`: mark FAILED the queue's RUNNING tasks whose worker is gone (core.workers.reclaim).
Run every few minutes by the schedule (scripts/prod); never touches a task of a live worker."""

from django.core.management.base import BaseCommand

from core.workers import reclaim


class Command(BaseCommand):
    help = "Mark FAILED the RUNNING tasks whose worker was killed or has been silent too long"

    def handle(self, *args, **options):
        reclaimed = reclaim()
        for task_id in reclaimed:
            self.stdout.write(f"reclaimed task {task_id}: its worker is gone")
        if options["verbosity"] > 1 or reclaimed:
            self.stdout.write(f"{len(reclaimed)} task(s) reclaimed")
