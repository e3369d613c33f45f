"""Send the day's remediation reminders (some days before the deadline, and on it or after it).

Production runs this daily, from cron or a systemd timer, e.g. `20 6 * * * manage.py send_remediation_reminders`
(or enqueues `inspections.tasks.send_remediation_reminders`). It is safe to re-run and to kill: each remediation
gets each reminder at most once."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from inspections.domain import send_remediation_reminders


class Command(BaseCommand):
    help = "Send the remediation reminders due today (safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as of this day (dd/mm/yyyy) instead of today, e.g. to catch up.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.datetime.strptime(options["date"], "%d/%m/%Y").date()
            except ValueError:
                raise CommandError("--date must be dd/mm/yyyy") from None
        sent = send_remediation_reminders(today=today)
        self.stdout.write(f"{sent} reminder(s) sent for {today:%d/%m/%Y}.")
