"""Raise inbox items from the scan log: stamps scanned after their certificate expired or was withdrawn, and
stamps found suspicious (see `monitoring.detection`).

Production runs this hourly, from cron or a systemd timer, e.g. `5 * * * * manage.py detect_signals` (or
enqueues `monitoring.tasks.detect_signals` for the django-tasks worker). Safe to re-run and to kill."""

from django.core.management.base import BaseCommand

from monitoring.detection import detect_signals


class Command(BaseCommand):
    help = "Raise the inspectors' inbox items from the scans since the last run (safe to re-run)."

    def handle(self, *args, **options):
        raised = detect_signals()
        self.stdout.write(f"{raised} inbox item(s) raised.")
