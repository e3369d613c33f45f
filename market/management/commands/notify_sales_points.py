"""Tell each sales point's keepers about the products it carries whose certificate is due for renewal, expired or
was withdrawn. Production runs this daily (e.g. `30 6 * * * manage.py notify_sales_points`); safe to re-run."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from market.domain.sales_points import notify_sales_points


class Command(BaseCommand):
    help = "Tell the sales points about carried products due for renewal, expired or withdrawn (safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as of this day (dd/mm/yyyy) instead of today.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.datetime.strptime(options["date"], "%d/%m/%Y").date()
            except ValueError:
                raise CommandError("--date must be dd/mm/yyyy") from None
        sent = notify_sales_points(today=today)
        self.stdout.write(f"{sent} notice(s) sent for {today:%d/%m/%Y}.")
