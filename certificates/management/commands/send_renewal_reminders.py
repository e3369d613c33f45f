"""Send the day's certificate renewal reminders (window opening, window closing, expired).

Production runs this daily, from cron or a systemd timer, e.g. `15 6 * * * manage.py send_renewal_reminders`
(or enqueues `certificates.tasks.send_renewal_reminders` daily for the django-tasks worker). It is safe to
re-run: each certificate gets at most one reminder of each kind."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from certificates.domain import send_due_reminders


class Command(BaseCommand):
    help = "Send the renewal reminders due today (safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as of this day (dd/mm/yyyy) instead of today, e.g. to catch up.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.datetime.strptime(options["date"], "%d/%m/%Y").date()
            except ValueError:
                raise CommandError("--date must be dd/mm/yyyy") from None
        sent = send_due_reminders(today=today)
        self.stdout.write(f"{sent} reminder(s) sent for {today:%d/%m/%Y}.")
