"""Create the scan log's monthly partitions ahead (PostgreSQL; see `stamps.partitions`): the current month and the
next `--ahead`, moving into a new month whatever checks its DEFAULT partition holds of it. Daily in production
(`scripts/prod schedule`); safe to re-run and to kill (each month is one transaction); nothing to do on SQLite."""

from django.core.management.base import BaseCommand

from stamps import partitions


class Command(BaseCommand):
    help = "Create the scan log's monthly partitions ahead (PostgreSQL; safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument("--ahead", type=int, default=partitions.AHEAD, help="months beyond the current one")

    def handle(self, *args, ahead: int, **options):
        if not partitions.is_partitioned():
            self.stdout.write("The scan log is not partitioned here (SQLite): nothing to do.")
            return
        created = partitions.ensure_partitions(ahead=max(ahead, 0))
        for partition in created:
            self.stdout.write(f"{partition.name}: created, {partition.moved} check(s) moved from the default one.")
        self.stdout.write(f"{len(created)} partition(s) created.")
